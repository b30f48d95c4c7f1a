/**
 * Which requests the cache may answer. Only deterministic ones: temperature 0, an endpoint whose
 * answers are deterministic (embeddings), or the client says so with `X-Darwaza-Cache: force` (it
 * accepts a replay of a sampled answer). Never a stream.
 *   - "use": look up, store a fresh answer on a miss;
 *   - "refresh" (Cache-Control: no-cache): skip the lookup, store the fresh answer;
 *   - "skip" (Cache-Control: no-store): neither; still labelled X-Cache: MISS;
 *   - "off": not cacheable, no X-Cache header.
 */
export type CacheMode = "use" | "refresh" | "skip" | "off";

export interface CacheRequest {
  /** The parsed JSON body (null for bodies that are not JSON objects). */
  body: Record<string, unknown> | null;
  /** The endpoint's answers depend only on the request. */
  deterministic?: boolean;
  header(name: string): string | undefined;
}

export function cacheMode(request: CacheRequest): CacheMode {
  const body = request.body;
  if (body?.stream === true) return "off";
  const forced = request.header("x-darwaza-cache")?.trim().toLowerCase() === "force";
  if (!forced && !request.deterministic && body?.temperature !== 0) return "off";
  const control = request.header("cache-control")?.toLowerCase() ?? "";
  if (control.includes("no-store")) return "skip";
  if (control.includes("no-cache")) return "refresh";
  return "use";
}
