import { createHash } from "node:crypto";
import { normalizeEmail } from "@/lib/accounts/create-user";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip";
import { counterStore } from "./throttle-store";

/** Failed sign-ins allowed per window: tight per email (guessing one password), looser per IP. */
export const SIGN_IN_THROTTLE = { perEmail: 5, perIp: 20, windowMs: 15 * 60 * 1000 } as const;

export interface ThrottleVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

// Hashed so Redis never holds the email addresses people typed.
function keysFor(email: string, ip: string): { email: string; ip: string } {
  const digest = createHash("sha256").update(normalizeEmail(email)).digest("hex").slice(0, 32);
  return { email: `darwaza:signin:email:${digest}`, ip: `darwaza:signin:ip:${ip}` };
}

export async function checkSignIn(email: string, ip: string): Promise<ThrottleVerdict> {
  const keys = keysFor(email, ip);
  const store = counterStore();
  const [byEmail, byIp] = await Promise.all([store.read(keys.email), store.read(keys.ip)]);
  const blocked = [
    byEmail.count >= SIGN_IN_THROTTLE.perEmail ? byEmail.resetInMs : 0,
    byIp.count >= SIGN_IN_THROTTLE.perIp ? byIp.resetInMs : 0,
  ];
  const waitMs = Math.max(...blocked);
  return { allowed: waitMs === 0, retryAfterSeconds: Math.ceil(waitMs / 1000) };
}

export async function recordSignInFailure(email: string, ip: string): Promise<void> {
  const keys = keysFor(email, ip);
  const store = counterStore();
  await Promise.all([
    store.increment(keys.email, SIGN_IN_THROTTLE.windowMs),
    store.increment(keys.ip, SIGN_IN_THROTTLE.windowMs),
  ]);
}

/** A correct password clears that email's count (not the IP's: one success must not reset a spray). */
export async function recordSignInSuccess(email: string, ip: string): Promise<void> {
  await counterStore().reset(keysFor(email, ip).email);
}

/**
 * The client's address. Under `npm start` the server has worked it out from the socket and the
 * trusted proxies (lib/server/client-ip.ts) and says so in one header, replacing anything a client
 * sent. Without it (`next dev`): the last X-Forwarded-For entry.
 */
export function clientIp(headers: Record<string, string | string[] | undefined> | Headers): string {
  const decided =
    headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  if (typeof decided === "string" && decided !== "") return decided;
  const raw =
    headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  const last = value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .pop();
  return last ?? "unknown";
}
