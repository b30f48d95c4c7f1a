import { isIPv4, isIPv6 } from "node:net";

/** The eight 16-bit groups of an IPv6 address: `::` expanded, a trailing dotted IPv4 as two groups. */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase().split("%")[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split(".").map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const parse = (part: string | undefined) =>
    part ? part.split(":").map((group) => Number.parseInt(group, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  const zeros = tail === undefined ? [] : new Array(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

// ::ffff:a.b.c.d — how a dual-stack socket reports an IPv4 client.
function mappedIPv4(groups: number[]): string | null {
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (!mapped) return null;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join(".");
}

type Parsed = { family: 4; text: string } | { family: 6; groups: number[] } | null;

function parse(ip: string): Parsed {
  const trimmed = ip.trim();
  if (isIPv4(trimmed)) return { family: 4, text: trimmed };
  if (!isIPv6(trimmed.split("%")[0])) return null;
  const groups = ipv6Groups(trimmed);
  const v4 = mappedIPv4(groups);
  return v4 ? { family: 4, text: v4 } : { family: 6, groups };
}

/** One spelling per address (IPv4-mapped IPv6 as IPv4, IPv6 uncompressed); anything else as given. */
export function canonicalAddress(ip: string): string {
  const parsed = parse(ip);
  if (!parsed) return ip;
  return parsed.family === 4 ? parsed.text : parsed.groups.map((g) => g.toString(16)).join(":");
}

/**
 * The network an address sits in: its /24 (IPv4) or /64 (IPv6, what one subscriber is usually
 * given), e.g. "203.0.113.0/24", "2001:db8:1:2::/64". Anything that is not an address, as given.
 */
export function networkPrefix(ip: string): string {
  const parsed = parse(ip);
  if (!parsed) return ip;
  if (parsed.family === 4) return `${parsed.text.split(".").slice(0, 3).join(".")}.0/24`;
  return `${parsed.groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/**
 * Who a client is, as far as per-client limits go: its IPv4 address, or its IPv6 /64 (a client
 * holding a /64 picks any of its 2^64 addresses at will).
 */
export function clientKey(ip: string): string {
  const parsed = parse(ip);
  if (!parsed) return ip;
  return parsed.family === 4 ? parsed.text : networkPrefix(ip);
}
