import { BlockList, isIP } from "node:net";

/**
 * Which peers may tell us the client's address in X-Forwarded-For. `DARWAZA_TRUSTED_PROXIES`: a
 * comma list of addresses or CIDRs and the presets `loopback` and `private` (10/8, 172.16/12,
 * 192.168/16, fc00::/7 — where nginx, docker-compose or a cloud load balancer sit), or `none`.
 * Default `loopback,private`, like Express's "trust proxy" presets.
 */
export function trustedProxies(spec: string): BlockList {
  const list = new BlockList();
  for (const raw of spec.split(",")) {
    const entry = raw.trim().toLowerCase();
    if (entry === "" || entry === "none") continue;
    if (entry === "loopback") {
      list.addSubnet("127.0.0.0", 8, "ipv4");
      list.addAddress("::1", "ipv6");
    } else if (entry === "private") {
      list.addSubnet("10.0.0.0", 8, "ipv4");
      list.addSubnet("172.16.0.0", 12, "ipv4");
      list.addSubnet("192.168.0.0", 16, "ipv4");
      list.addSubnet("fc00::", 7, "ipv6");
    } else {
      const [address, bits] = entry.split("/");
      const family = isIP(address);
      if (family === 0)
        throw new Error(`DARWAZA_TRUSTED_PROXIES: "${raw.trim()}" is not an address`);
      const type = family === 4 ? "ipv4" : "ipv6";
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
  }
  return list;
}

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
