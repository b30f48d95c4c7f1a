import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { Agent as UndiciAgent } from "undici";
import { isPrivateAddress } from "../../routing/url-policy";

/**
 * The address check at connect time, for upstreams and custom endpoints an admin saved in the
 * console without allowing a private host: a name checked when saved may resolve to loopback or
 * the private network later (DNS rebinding), so every connection looks the name up again and
 * refuses if any address it gets is not public. IP literals were checked when saved and cannot
 * change; operator-configured upstreams (the upstreams file, the demo) are trusted as they are.
 */
export class PrivateAddressError extends Error {
  readonly code = "EPRIVATEADDRESS";
  constructor(host: string, address: string) {
    super(`${host} resolved to ${address}, a private, loopback or link-local address`);
    this.name = "PrivateAddressError";
  }
}

type Resolve = (
  host: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A `lookup` for net.connect that fails for a name resolving to any non-public address. */
export function publicOnlyLookup(resolve: Resolve = dnsLookup): LookupFunction {
  return (host, options, callback) => {
    resolve(host, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, "", 0);
        return;
      }
      const inside = addresses.find((entry) => isPrivateAddress(entry.address));
      if (inside || addresses.length === 0) {
        callback(new PrivateAddressError(host, inside?.address ?? "nothing"), "", 0);
        return;
      }
      // net.connect asks for every address when it may try several (autoSelectFamily).
      if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

export interface PublicOnlyTransports {
  http: http.Agent;
  https: https.Agent;
  /** For global fetch's `dispatcher` option. */
  fetch: UndiciAgent;
}

/** Keep-alive agents whose every new connection goes through publicOnlyLookup. */
export function publicOnlyTransports(lookup = publicOnlyLookup()): PublicOnlyTransports {
  const options = { keepAlive: true, maxSockets: 512, scheduling: "lifo" as const, lookup };
  return {
    http: new http.Agent(options),
    https: new https.Agent(options),
    fetch: new UndiciAgent({ connect: { lookup } }),
  };
}

/** Whether a failure (or what caused it, as fetch wraps it) was this refusal. */
export function refusedAddress(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof PrivateAddressError) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
