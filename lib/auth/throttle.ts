import { createHash } from "node:crypto";
import { normalizeEmail } from "@/lib/accounts/create-user";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { services } from "@/lib/services";
import { clientKey } from "./ip-prefix";
import type { Limit } from "./throttle-store";

const MINUTE = 60_000;

/**
 * Sign-in attempts, each counted before its password is checked. A client (an IPv4 address or
 * an IPv6 /64) gets 5 tries per email and 20 across emails per 15 minutes. Each email also has a
 * ceiling across clients, with waits that double after 10 tries, so rotating addresses buys an
 * attacker little — but a client that has signed in to the email before skips that ceiling, so a
 * stranger cannot lock the owner out of their usual place.
 */
export const SIGN_IN_THROTTLE = {
  perEmailAndClient: 5,
  perClient: 20,
  windowMs: 15 * MINUTE,
  perEmail: { max: 30, windowMs: 60 * MINUTE, free: 10, baseMs: 1_000, capMs: 15 * MINUTE },
  knownClientMs: 30 * 24 * 60 * MINUTE,
} as const;

// Hashed so Redis never holds the email addresses people typed.
function keysFor(email: string, ip: string) {
  const digest = createHash("sha256").update(normalizeEmail(email)).digest("hex").slice(0, 32);
  const client = clientKey(ip);
  return {
    pair: `darwaza:throttle:signin:pair:${digest}:${client}`,
    client: `darwaza:throttle:signin:client:${client}`,
    email: `darwaza:throttle:signin:email:${digest}`,
    known: `darwaza:throttle:signin:known:${digest}:${client}`,
  };
}

async function limitsFor(email: string, ip: string): Promise<Limit[]> {
  const keys = keysFor(email, ip);
  const { perEmail, windowMs } = SIGN_IN_THROTTLE;
  const limits: Limit[] = [
    { key: keys.pair, max: SIGN_IN_THROTTLE.perEmailAndClient, windowMs },
    { key: keys.client, max: SIGN_IN_THROTTLE.perClient, windowMs },
  ];
  if (await services().counters().remembers(keys.known)) return limits;
  const backoff = { free: perEmail.free, baseMs: perEmail.baseMs, capMs: perEmail.capMs };
  return [...limits, { key: keys.email, max: perEmail.max, windowMs: perEmail.windowMs, backoff }];
}

export interface SignInSlot {
  /** 0 when the attempt may go ahead (and is counted as a failure until `succeeded`). */
  retryAfterSeconds: number;
  succeeded(): Promise<void>;
}

/** Takes one attempt for this email from this client, atomically, before any password is checked. */
export async function takeSignInSlot(email: string, ip: string): Promise<SignInSlot> {
  const limits = await limitsFor(email, ip);
  const waitMs = await services().counters().take(limits);
  const keys = keysFor(email, ip);
  return {
    retryAfterSeconds: Math.ceil(waitMs / 1000),
    // The right password: this client's tries at this email start over and it is known from now
    // on; the other counts only get this attempt back (a success must not reset a spray).
    async succeeded() {
      const store = services().counters();
      await store.reset([keys.pair]);
      await store.giveBack(limits.filter((l) => l.key !== keys.pair).map((l) => l.key));
      await store.remember(keys.known, SIGN_IN_THROTTLE.knownClientMs);
    },
  };
}

/** How long this client must wait before its next attempt at this email (0: it may try). */
export async function signInWaitSeconds(email: string, ip: string): Promise<number> {
  return Math.ceil(
    (await services()
      .counters()
      .peek(await limitsFor(email, ip))) / 1000,
  );
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
