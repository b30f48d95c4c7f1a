import type { Principal } from "../auth/authenticate";
import { type Consumption, costPaisa } from "../metering/cost";
import type { GatewayDeps, MeteredModel } from "./types";

export interface CallRecord {
  requestId: string;
  startedAt: number;
  principal: Principal;
  model: MeteredModel | null;
  endpoint: string;
}

/** What metering needs of a call: whose it was (a refused key has an owner but no principal). */
export type MeteredCall = Omit<CallRecord, "principal"> & {
  principal: Pick<Principal, "accountId" | "keyId">;
};

/** Queue the usage event of a call that ended: billed calls carry their cost, others cost 0. */
export function recordUsage(
  deps: GatewayDeps,
  call: MeteredCall,
  outcome: {
    status: number;
    use: Consumption;
    billed: boolean;
    estimated?: boolean;
    errorCode?: string | null;
    /** Served from the response cache: no upstream, the cache price. */
    cached?: boolean;
    costPaisa?: number;
    /** Debited from prepaid credit (a call past the allowance). */
    creditMicros?: number;
  },
): void {
  const price = call.model?.model.price;
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
    costPaisa: !outcome.billed
      ? 0
      : (outcome.costPaisa ?? (price ? costPaisa(price, outcome.use) : 0)),
    createdAt: call.startedAt,
    creditMicros: outcome.creditMicros ?? 0,
  });
}
