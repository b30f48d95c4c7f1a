import ipaddr from "ipaddr.js";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** At most this many entries per key: an allowlist, not a firewall. */
export const MAX_ALLOWLIST_ENTRIES = 50;

/**
 * Normalise one allowlist entry (an address or a CIDR, IPv4 or IPv6) to CIDR text, or null when
 * it is neither. A bare address becomes /32 or /128; host bits are cleared (10.1.2.3/8 → 10.0.0.0/8).
 */
export function normaliseCidr(entry: string): string | null {
  const text = entry.trim();
  if (text === "") return null;
  // ipaddr.js also reads legacy IPv4 spellings (1.2.3, 0x7f.1): only dotted quads here.
  const address = text.split("/")[0];
  if (!address.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(address)) return null;
  try {
    if (!text.includes("/")) {
      const address = ipaddr.process(text);
      return `${address.toString()}/${address.kind() === "ipv4" ? 32 : 128}`;
    }
    const [address, bits] = ipaddr.parseCIDR(text);
    const plain =
      address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() ? null : address;
    if (!plain) return null;
    const network =
      plain.kind() === "ipv4"
        ? ipaddr.IPv4.networkAddressFromCIDR(`${plain.toString()}/${bits}`)
        : ipaddr.IPv6.networkAddressFromCIDR(`${plain.toString()}/${bits}`);
    return `${network.toString()}/${bits}`;
  } catch {
    return null;
  }
}

/** The CIDRs a key may be used from, parsed once when the key is cached. */
export class IpAllowlist {
  private readonly ranges: Range[];

  constructor(readonly entries: readonly string[]) {
    this.ranges = [];
    for (const entry of entries) {
      try {
        this.ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        // Stored entries were validated on save; an unreadable one allows nothing.
      }
    }
  }

  /** Whether the address (IPv4, IPv6, or IPv4-mapped IPv6 as node reports it) is inside a range. */
  allows(address: string): boolean {
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so IPv4 ranges match it.
      parsed = ipaddr.process(address);
    } catch {
      return false;
    }
    for (const [network, bits] of this.ranges) {
      if (network.kind() === parsed.kind() && parsed.match(network, bits)) return true;
    }
    return false;
  }
}
