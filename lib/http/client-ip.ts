import { type BlockList, isIP } from "node:net";

function isTrusted(list: BlockList, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped ? mapped[1] : address;
  const family = isIP(plain);
  return family !== 0 && list.check(plain, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy (`trusted`, parsed
 * from DARWAZA_TRUSTED_PROXIES by lib/config/trusted-proxies.ts) — then the rightmost
 * X-Forwarded-For entry that is not itself a trusted proxy. Entries left of it are whatever the
 * client chose to send, so a client connecting directly cannot pick its address (and so cannot
 * dodge the per-address sign-in throttle).
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: BlockList,
): string {
  let address = peer ?? "unknown";
  if (!isTrusted(trusted, address)) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  while (hops.length > 0) {
    address = hops.pop() as string;
    if (!isTrusted(trusted, address)) break;
  }
  return address;
}

/** Set by server/web.ts on every request it hands to Next (any value a client sent is replaced). */
export const CLIENT_IP_HEADER = "x-darwaza-client-ip";
