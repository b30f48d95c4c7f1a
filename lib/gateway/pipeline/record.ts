import { costMicros, paisaOf } from "@/lib/pricing/cost";
import type { PriceRates } from "@/lib/pricing/rates";
import type { Principal } from "../auth/authenticate";
import { type Charge, settleCharge } from "../credit/charge";
import type { Consumption } from "../metering/cost";
import type { GatewayDeps, MeteredModel } from "./types";

export interface CallRecord {
  requestId: string;
  startedAt: number;
  principal: Principal;
  model: MeteredModel | null;
  endpoint: string;
  /** The sell rates in force at startedAt, read once (ratesOf) so every figure of a call agrees. */
  rates?: PriceRates | null;
}

/** What metering needs of a call: whose it was (a refused key has an owner but no principal). */
export type MeteredCall = Omit<CallRecord, "principal"> & {
  principal: Pick<Principal, "accountId" | "keyId">;
};

/**
 * The sell rates in force when the call started (the book's version, else its configured price),
 * looked up once: a stream's usage chunk and its event agree even if the book reloads between.
 */
const NOT_CHARGED = { creditMicros: 0, postpaidMicros: 0 };

export function ratesOf(deps: GatewayDeps, call: MeteredCall): PriceRates | null {
  if (call.rates !== undefined) return call.rates;
  const model = call.model?.model;
  call.rates = model ? deps.prices.rates(model.id, call.startedAt, model.price) : null;
  return call.rates;
}

/**
 * Queue the usage event of a call that ended: billed calls carry their cost at the price version
 * in force when they started, others cost 0. Returns that cost, in micro-rupees.
 */
export function recordUsage(
  deps: GatewayDeps,
  call: MeteredCall,
  outcome: {
    status: number;
    use: Consumption;
    billed: boolean;
    estimated?: boolean;
    errorCode?: string | null;
    /** Served from the response cache: no upstream, the cache-hit price. */
    cached?: boolean;
    /** A call past the allowance: settled here, its cost debited from credit with the event. */
    charge?: Charge | null;
  },
): number {
  const rates = outcome.billed ? ratesOf(deps, call) : null;
  const micros = rates ? costMicros(rates, outcome.use) : 0;
  const { creditMicros, postpaidMicros } = outcome.charge
    ? settleCharge(deps, outcome.charge, micros)
    : NOT_CHARGED;
  deps.meter.record({
    id: call.requestId,
    accountId: call.principal.accountId,
    keyId: call.principal.keyId,
    endpoint: call.endpoint,
    model: call.model?.model.id ?? "",
    upstream: outcome.cached ? "cache" : (call.model?.upstream.id ?? ""),
    status: outcome.status,
    tokensIn: outcome.use.tokensIn ?? 0,
    tokensOut: outcome.use.tokensOut ?? 0,
    latencyMs: Date.now() - call.startedAt,
    cached: outcome.cached ?? false,
    estimated: outcome.estimated ?? false,
    billed: outcome.billed,
    errorCode: outcome.errorCode ?? null,
    costPaisa: paisaOf(micros),
    costMicros: micros,
    tokensCached: outcome.use.cachedTokensIn ?? 0,
    createdAt: call.startedAt,
    creditMicros,
    postpaidMicros,
  });
  return micros;
}
