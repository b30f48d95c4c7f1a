import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Where an upstream may point. Only http(s); addresses inside the machine or the private network
 * (loopback, RFC 1918, CGNAT, link-local including the cloud metadata service 169.254.169.254,
 * unique-local and link-local IPv6, IPv4-mapped forms of those) are refused unless an admin
 * explicitly allows that upstream's host (a local Ollama, say). Host names are resolved and every
 * address they resolve to must pass, so a public-looking name cannot hide a private address.
 * A name that later re-resolves elsewhere (DNS rebinding) is refused when the gateway connects
 * (upstreams/remote/connect-guard.ts).
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(network, prefix, "ipv6");

/** Whether an IP literal is private, loopback, link-local or otherwise not a public address. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], "ipv4");
  return blocked.check(address, "ipv6");
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** Check an upstream base URL against the policy (resolving names with `resolve`). */
export async function checkUpstreamUrl(
  raw: string,
  allowPrivateHost: boolean,
  resolve: Resolver = systemResolver,
): Promise<UrlVerdict> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, reason: "only http and https upstreams are allowed" };
  if (url.username || url.password)
    return { ok: false, reason: "put the credential in its own field, not in the URL" };
  if (allowPrivateHost) return { ok: true, url };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return { ok: false, reason: `the host ${host} does not resolve` };
    }
  }
  const inside = addresses.find(isPrivateAddress);
  if (inside || addresses.length === 0) {
    return {
      ok: false,
      reason: `${host} is a private, loopback or link-local address (${inside ?? "none"}); allow this host explicitly to use it`,
    };
  }
  return { ok: true, url };
}
