import { describe, expect, it } from "vitest";
import { canonicalAddress, clientKey, networkPrefix } from "./ip-prefix";

describe("address prefixes", () => {
  it("puts IPv4 addresses in their /24", () => {
    expect(networkPrefix("203.0.113.9")).toBe("203.0.113.0/24");
    expect(networkPrefix("203.0.113.250")).toBe(networkPrefix("203.0.113.1"));
    expect(networkPrefix("203.0.114.1")).not.toBe(networkPrefix("203.0.113.1"));
  });

  it("puts IPv6 addresses in their /64, however they are spelled", () => {
    expect(networkPrefix("2001:db8:1:2::5")).toBe("2001:db8:1:2::/64");
    expect(networkPrefix("2001:0DB8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(networkPrefix("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(networkPrefix("::1")).toBe("0:0:0:0::/64");
    expect(networkPrefix("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(networkPrefix("2001:db8:1:3::5")).not.toBe(networkPrefix("2001:db8:1:2::5"));
  });

  it("treats IPv4-mapped IPv6 as the IPv4 address it carries", () => {
    expect(networkPrefix("::ffff:203.0.113.9")).toBe("203.0.113.0/24");
    expect(networkPrefix("::FFFF:cb00:7109")).toBe("203.0.113.0/24");
    expect(canonicalAddress("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(clientKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    // Not mapped: an IPv6 address that merely ends in dotted form.
    expect(networkPrefix("64:ff9b::203.0.113.9")).toBe("64:ff9b:0:0::/64");
  });

  it("spells one address one way, and keys IPv6 clients by /64", () => {
    expect(canonicalAddress("2001:DB8::1")).toBe(canonicalAddress("2001:db8:0:0:0:0:0:1"));
    expect(clientKey("198.51.100.7")).toBe("198.51.100.7");
    expect(clientKey("2001:db8:1:2::a")).toBe(clientKey("2001:db8:1:2:ffff::b"));
  });

  it("leaves anything that is not an address alone", () => {
    expect(networkPrefix("unknown")).toBe("unknown");
    expect(canonicalAddress("not-an-ip")).toBe("not-an-ip");
    expect(clientKey("1.2.3")).toBe("1.2.3");
  });
});
