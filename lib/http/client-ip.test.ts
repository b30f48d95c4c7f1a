import { describe, expect, it } from "vitest";
import { trustedProxies } from "@/lib/config/trusted-proxies";
import { clientAddress } from "./client-ip";

describe("the client's address", () => {
  const defaults = trustedProxies("loopback,private");

  it("is the socket's peer for a direct client, whatever X-Forwarded-For it sends", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", defaults)).toBe("203.0.113.9");
    expect(clientAddress("2001:db8::5", "1.2.3.4, 5.6.7.8", defaults)).toBe("2001:db8::5");
  });

  it("behind trusted proxies, is the rightmost entry that is not a proxy", () => {
    // nginx on the same host appended the real client; the first entry is the client's own claim.
    expect(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.9", defaults)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:127.0.0.1", "203.0.113.9", defaults)).toBe("203.0.113.9");
    // A load balancer (10.x) in front of nginx (172.18.x, docker-compose) in front of us.
    expect(clientAddress("172.18.0.4", ["6.6.6.6, 198.51.100.7", "10.0.0.12"], defaults)).toBe(
      "198.51.100.7",
    );
    // No header at all: the proxy itself.
    expect(clientAddress("10.1.2.3", undefined, defaults)).toBe("10.1.2.3");
  });

  it("trusts exactly what DARWAZA_TRUSTED_PROXIES lists", () => {
    const none = trustedProxies("none");
    expect(clientAddress("127.0.0.1", "203.0.113.9", none)).toBe("127.0.0.1");
    const one = trustedProxies("198.51.100.1, 192.0.2.0/24");
    expect(clientAddress("198.51.100.1", "203.0.113.9", one)).toBe("203.0.113.9");
    expect(clientAddress("192.0.2.77", "203.0.113.9", one)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.1", "203.0.113.9", one)).toBe("10.0.0.1");
    expect(() => trustedProxies("loopback, not-an-ip")).toThrow(/not an address/);
  });
});
