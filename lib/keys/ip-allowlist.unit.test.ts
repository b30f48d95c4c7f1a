import { describe, expect, it } from "vitest";
import { IpAllowlist, normaliseCidr } from "./ip-allowlist";

describe("a key's IP allowlist", () => {
  it("normalises addresses and CIDRs, IPv4 and IPv6, and refuses anything else", () => {
    expect(normaliseCidr("10.1.2.3/8")).toBe("10.0.0.0/8");
    expect(normaliseCidr(" 127.0.0.1 ")).toBe("127.0.0.1/32");
    expect(normaliseCidr("2001:db8::1/32")).toBe("2001:db8::/32");
    expect(normaliseCidr("::1")).toBe("::1/128");
    for (const bad of [
      "",
      "localhost",
      "1.2.3.4/33",
      "1.2.3",
      "2001:db8::/129",
      "::ffff:1.2.3.4/120",
    ])
      expect(normaliseCidr(bad)).toBeNull();
  });

  it("matches IPv4, IPv6 and IPv4-mapped IPv6 against the right family only", () => {
    const list = new IpAllowlist(["127.0.0.0/8", "2001:db8::/32"]);
    expect(list.allows("127.0.0.1")).toBe(true);
    expect(list.allows("::ffff:127.0.0.1")).toBe(true);
    expect(list.allows("2001:db8::5")).toBe(true);
    expect(list.allows("10.0.0.1")).toBe(false);
    expect(list.allows("::1")).toBe(false);
    expect(list.allows("2001:db9::5")).toBe(false);
    expect(list.allows("unknown")).toBe(false);
  });
});
