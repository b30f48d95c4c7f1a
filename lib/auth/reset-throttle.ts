import { createHash } from "node:crypto";
import { normalizeEmail } from "@/lib/accounts/create-user";
import { services } from "@/lib/services";
import { clientKey } from "./ip-prefix";

/**
 * "Forgot password" requests: each sends a mail, so a client may ask 5 times an hour and one
 * address gets at most 3 links an hour whoever asks (no mail-bombing a stranger). Counted whether
 * or not the address has an account, so the answer reveals nothing.
 */
export const RESET_THROTTLE = { perEmail: 3, perClient: 5, windowMs: 60 * 60_000 } as const;

/** Takes one request, checked and counted atomically; 0 when it may go ahead, else seconds to wait. */
export async function takeResetSlot(email: string, ip: string): Promise<number> {
  // Hashed so Redis never holds the addresses people typed.
  const digest = createHash("sha256").update(normalizeEmail(email)).digest("hex").slice(0, 32);
  const { perEmail, perClient, windowMs } = RESET_THROTTLE;
  const waitMs = await services()
    .counters()
    .take([
      { key: `darwaza:throttle:reset:client:${clientKey(ip)}`, max: perClient, windowMs },
      { key: `darwaza:throttle:reset:email:${digest}`, max: perEmail, windowMs },
    ]);
  return Math.ceil(waitMs / 1000);
}
