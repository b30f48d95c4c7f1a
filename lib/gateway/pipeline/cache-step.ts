import { cacheKey } from "../cache/key";
import { type CacheMode, cacheMode } from "../cache/policy";
import { settleCharge } from "../credit/charge";
import type { GatewayRequest, GatewayResponse } from "../http/types";
import { rateLimitHeaders } from "../limits/headers";
import { hasAnyLimit } from "../limits/types";
import { admit } from "./admit";
import { withCost } from "./cost-step";
import { type CallRecord, recordUsage } from "./record";
import type { DoneOutcome, GatewayDeps, Prepared } from "./types";

export interface CachePlan {
  mode: Exclude<CacheMode, "off">;
  key: string;
}

/** Whether (and under which key) this call may be answered from, or stored in, the cache. */
export function planCache(
  deps: GatewayDeps,
  request: GatewayRequest,
  call: CallRecord,
  prepared: Prepared,
): CachePlan | null {
  if (!deps.cache || !prepared.cache) return null;
  const mode = cacheMode({
    body: prepared.cache.fields,
    deterministic: prepared.cache.deterministic,
    header: (name) => request.header(name),
  });
  if (mode === "off") return null;
  const model = prepared.model?.model.id ?? "";
  return {
    mode,
    key: cacheKey(call.principal.accountId, call.endpoint, model, prepared.cache.body),
  };
}

/**
 * A stored answer, if there is one: it still counts as a request (per minute and per day) but
 * reserves no tokens and calls no upstream; its event is cached = true, at the model's cache-hit
 * price (lib/pricing; 0 unless set).
 */
export async function answerFromCache(
  deps: GatewayDeps,
  plan: CachePlan,
  call: CallRecord,
  prepared: Prepared,
  headers: Record<string, string>,
): Promise<GatewayResponse | null> {
  if (plan.mode !== "use") return null;
  const hit = await deps.cache!.get(plan.key);
  if (!hit) return null;
  if (!prepared.counted || !hasAnyLimit(call.principal.limits)) {
    rateLimitHeaders([], call.startedAt, headers);
  } else {
    const { ticket, charge } = await admit(
      deps,
      call.principal,
      { ...prepared, tokens: null },
      call.requestId,
      call.startedAt,
      headers,
    );
    if (ticket) deps.limiter.settle(ticket, 0).catch(() => {});
    // A stored answer past the allowance is not charged to credit here (the cache price is the price book's).
    if (charge) settleCharge(deps, charge, 0);
  }
  const cost = recordUsage(deps, call, {
    status: hit.status,
    use: { cacheHits: 1 },
    billed: true,
    cached: true,
  });
  headers["content-type"] = hit.contentType;
  headers["x-cache"] = "HIT";
  // The stored answer is kept without a cost: a hit carries its own (the cache-hit price).
  return { status: hit.status, headers, body: withCost(call.endpoint, hit.body, cost, headers) };
}

/**
 * Label a fresh answer MISS and keep it when it succeeded (the exact bytes sent now are the ones
 * replayed later). Returns the body to send.
 */
export function storeInCache(
  deps: GatewayDeps,
  plan: CachePlan,
  outcome: DoneOutcome,
  headers: Record<string, string>,
): Uint8Array | string {
  headers["x-cache"] = "MISS";
  if (plan.mode === "skip" || outcome.status !== 200 || outcome.billed === false)
    return outcome.body;
  const body = typeof outcome.body === "string" ? Buffer.from(outcome.body) : outcome.body;
  const contentType = outcome.headers["content-type"] ?? "application/octet-stream";
  void deps
    .cache!.set(plan.key, { status: 200, contentType, body }, deps.cacheTtlMs)
    .catch(() => {});
  return body;
}
