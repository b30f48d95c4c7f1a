import { type Principal, RefusedKeyError } from "../auth/authenticate";
import { type Charge, settleCharge } from "../credit/charge";
import { toGatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http/types";
import { rateLimitHeaders } from "../limits/headers";
import { hasAnyLimit, type Ticket } from "../limits/types";
import { newRequestId } from "../request-id";
import { route } from "../router";
import { admit, peekHeaders } from "./admit";
import { answerFromCache, type CachePlan, planCache, storeInCache } from "./cache-step";
import { type CallRecord, recordUsage } from "./record";
import { errorResponse } from "./respond";
import { relay } from "./stream";
import type { GatewayDeps, Outcome, Prepared } from "./types";

const LIMIT_HEADER = "x-ratelimit-limit";

/**
 * Every /api/v1 request goes through here: route → authenticate → validate → admit (limits) →
 * run the upstream → headers → metering. Failures of any step become one OpenAI-shaped error;
 * anything unexpected becomes a 500 without internals.
 */
export async function handleGatewayRequest(
  deps: GatewayDeps,
  request: GatewayRequest,
): Promise<GatewayResponse> {
  const call = new GatewayCall(deps, request);
  try {
    return await call.run();
  } catch (error) {
    return call.fail(error);
  }
}

class GatewayCall {
  private readonly startedAt = Date.now();
  private readonly requestId = newRequestId(this.startedAt);
  private readonly headers: Record<string, string> = { "x-request-id": this.requestId };
  private record: CallRecord | null = null;
  private ticket: Ticket | null = null;
  private charge: Charge | null = null;
  private caching: CachePlan | null = null;
  private endpoint = "unknown";

  constructor(
    private readonly deps: GatewayDeps,
    private readonly request: GatewayRequest,
  ) {}

  async run(): Promise<GatewayResponse> {
    const { deps, request, requestId, startedAt } = this;
    const found = route(request.method, request.path, deps.custom);
    this.endpoint = found.endpoint.name;
    const principal = await deps.auth.authenticate(request, startedAt);
    deps.lastUsed.touch(principal.keyId, startedAt);
    const record: CallRecord = {
      requestId,
      startedAt,
      principal,
      model: null,
      endpoint: found.endpoint.name,
    };
    this.record = record;
    const ctx = { request, requestId, startedAt, principal, deps, params: found.params };
    const prepared = await found.endpoint.prepare(ctx);
    record.model = prepared.model;
    this.caching = planCache(deps, request, record, prepared);
    if (this.caching) {
      // Only deterministic requests get here: the async cache lookup stays off the hot path.
      const hit = await answerFromCache(deps, this.caching, record, prepared, this.headers);
      if (hit) return hit;
    }
    const limited = prepared.counted && hasAnyLimit(principal.limits);
    const granted = limited ? await this.admit(principal, prepared) : this.skipLimiter(prepared);
    const outcome = await prepared.run(granted);
    if (!(LIMIT_HEADER in this.headers)) {
      if (hasAnyLimit(principal.limits))
        await peekHeaders(deps, principal, startedAt, this.headers);
      else rateLimitHeaders([], startedAt, this.headers);
    }
    return this.deliver(outcome);
  }

  /** Uncounted calls and unlimited accounts skip the limiter (no Redis round trip): all granted. */
  private skipLimiter(prepared: Prepared): number {
    if (prepared.counted) rateLimitHeaders([], this.startedAt, this.headers);
    return prepared.tokens?.maxOutput ?? 0;
  }

  /** The output tokens the limiter granted; a refusal throws its 429. */
  private async admit(principal: Principal, prepared: Prepared): Promise<number> {
    const { ticket, grantedOutput, charge } = await admit(
      this.deps,
      principal,
      prepared,
      this.requestId,
      this.startedAt,
      this.headers,
    );
    this.ticket = ticket;
    this.charge = charge;
    return grantedOutput;
  }

  private deliver(outcome: Outcome): GatewayResponse {
    const { deps, headers } = this;
    const record = this.record as CallRecord;
    const { ticket, charge } = this;
    if (outcome.kind === "done") {
      // A custom endpoint's non-2xx is passed through but neither billed nor counted as tokens.
      const billed = outcome.billed ?? true;
      const used = billed ? (outcome.use.tokensIn ?? 0) + (outcome.use.tokensOut ?? 0) : 0;
      if (ticket) deps.limiter.settle(ticket, used).catch(() => {});
      recordUsage(deps, record, {
        status: outcome.status,
        use: outcome.use,
        billed,
        estimated: outcome.estimated,
        creditMicros: charge ? settleCharge(deps, charge, outcome.use, billed) : 0,
      });
      Object.assign(headers, outcome.headers);
      const body = this.caching ? storeInCache(deps, this.caching, outcome, headers) : outcome.body;
      return { status: outcome.status, headers, body };
    }
    const body = relay(outcome.pieces, this.request.signal, (end) => {
      const tokensIn = end.usage?.promptTokens ?? outcome.promptEstimate;
      const tokensOut = end.usage?.completionTokens ?? end.delivered;
      if (ticket) deps.limiter.settle(ticket, tokensIn + tokensOut).catch(() => {});
      // Tokens delivered before a disconnect or failure are still consumed: billed, estimated.
      const billed = end.completed || end.delivered > 0;
      recordUsage(deps, record, {
        status: end.status,
        use: { tokensIn, tokensOut },
        billed,
        creditMicros: charge ? settleCharge(deps, charge, { tokensIn, tokensOut }, billed) : 0,
        estimated: end.usage === null,
        errorCode: end.completed
          ? null
          : end.status === 499
            ? "client_closed_request"
            : "upstream_error",
      });
    });
    Object.assign(headers, outcome.headers);
    return { status: 200, headers, body };
  }

  /** Any failure: give back the reservation, record the (unbilled) event, answer the error. */
  async fail(thrown: unknown): Promise<GatewayResponse> {
    const error = toGatewayError(thrown, this.requestId);
    // Nothing was delivered: upstream failures are not billed.
    if (this.ticket) this.deps.limiter.settle(this.ticket, 0).catch(() => {});
    this.ticket = null;
    if (this.charge) settleCharge(this.deps, this.charge, {}, false);
    this.charge = null;
    if (!this.record && error instanceof RefusedKeyError) {
      const { requestId, startedAt, endpoint } = this;
      const call = { requestId, startedAt, principal: error.owner, model: null, endpoint };
      recordUsage(this.deps, call, {
        status: 403,
        use: {},
        billed: false,
        errorCode: error.code,
      });
      return errorResponse(error, this.headers);
    }
    const record =
      !this.record && (error.status === 404 || error.status === 405)
        ? await this.quietAuth()
        : this.record;
    if (!record) return errorResponse(error, this.headers);
    if (!(LIMIT_HEADER in this.headers)) await this.limitHeadersQuietly(record.principal);
    recordUsage(this.deps, record, {
      status: error.status,
      use: {},
      billed: false,
      errorCode: error.code ?? error.type,
    });
    return errorResponse(error, this.headers);
  }

  private async limitHeadersQuietly(principal: Principal): Promise<void> {
    try {
      await peekHeaders(this.deps, principal, this.startedAt, this.headers);
    } catch {
      // An error answer goes out without the rate-limit headers rather than not at all.
    }
  }

  /** For a wrong URL or method sent with a valid key: attribute the event to the account. */
  private async quietAuth(): Promise<CallRecord | null> {
    const { requestId, startedAt } = this;
    try {
      const principal = await this.deps.auth.authenticate(this.request, startedAt);
      return { requestId, startedAt, principal, model: null, endpoint: "unknown" };
    } catch {
      // No valid key: the error is answered, just not attributed to an account.
      return null;
    }
  }
}
