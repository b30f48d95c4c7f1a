import { services } from "@/lib/services";
import { canonicalAddress, networkPrefix } from "./ip-prefix";

/**
 * New accounts per hour from one address and from its network (/24, or /64 for IPv6): each
 * brings a Free quota, so an unthrottled client could multiply its quota without end.
 */
export const SIGN_UP_THROTTLE = { perAddress: 5, perNetwork: 20, windowMs: 60 * 60_000 } as const;

/**
 * Takes one sign-up for this client, checked and counted in one atomic step across instances.
 * 0 when it may go ahead, else the seconds to wait.
 */
export async function takeSignUpSlot(ip: string): Promise<number> {
  const { perAddress, perNetwork, windowMs } = SIGN_UP_THROTTLE;
  const waitMs = await services()
    .counters()
    .take([
      { key: `darwaza:throttle:signup:address:${canonicalAddress(ip)}`, max: perAddress, windowMs },
      { key: `darwaza:throttle:signup:network:${networkPrefix(ip)}`, max: perNetwork, windowMs },
    ]);
  return Math.ceil(waitMs / 1000);
}

/** What the sign-up form says when it refuses, with the wait in words a person can act on. */
export function signUpWaitMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const wait = minutes === 1 ? "a minute" : `${minutes} minutes`;
  return `Too many new accounts from your network. Try again in ${wait}.`;
}
