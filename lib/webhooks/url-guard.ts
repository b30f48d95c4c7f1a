import { lookup } from "node:dns";
import type { LookupFunction } from "node:net";
import { Agent } from "undici";
import { checkUpstreamUrl, type Resolver, type UrlVerdict } from "@/lib/gateway/routing/url-policy";
import { publicOnlyLookup } from "@/lib/gateway/upstreams/remote/connect-guard";

/**
 * Customer webhook URLs are guarded like console upstreams: http(s) only, and no loopback,
 * private, link-local (169.254.169.254, the cloud metadata service) or unique-local address —
 * checked when the URL is saved, before every send, and again at connect time (a name that
 * re-resolves inside, DNS rebinding, is refused by the lookup). Only hosts the operator lists in
 * DARWAZA_WEBHOOK_ALLOW_HOSTS (a test receiver on 127.0.0.1, say) are exempt.
 */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
}

export async function checkWebhookUrl(
  raw: string,
  allowHosts: readonly string[],
  resolve?: Resolver,
): Promise<UrlVerdict> {
  let host = "";
  try {
    host = hostOf(new URL(raw));
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  const verdict = await checkUpstreamUrl(raw, allowHosts.includes(host), resolve);
  if (verdict.ok) return verdict;
  // The upstream wording speaks to an admin; a customer can only pick another address.
  return verdict.reason.includes("private")
    ? {
        ok: false,
        reason: "use a public address: private, loopback and link-local hosts are refused",
      }
    : verdict;
}

/** A connection lookup that lets the allowed hosts through and checks every other name. */
export function guardedLookup(allowHosts: readonly string[]): LookupFunction {
  const checked = publicOnlyLookup();
  return (host, options, callback) => {
    if (allowHosts.includes(host.toLowerCase())) lookup(host, options, callback);
    else checked(host, options, callback);
  };
}

/** The HTTP agent webhook sends go through: every new connection's name is checked. */
export function webhookAgent(allowHosts: readonly string[]): Agent {
  return new Agent({
    connect: { lookup: guardedLookup(allowHosts), timeout: 5_000 },
    keepAliveTimeout: 4_000,
  });
}
