import { type Principal, RefusedKeyError } from "../auth/authenticate";
import { type GatewayError, toGatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http/types";
import { rateLimitHeaders } from "../limits/headers";
import { hasAnyLimit, type Ticket } from "../limits/types";
import { andThen, fireAndForget, type MaybePromise } from "../maybe";
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
 * anything unexpected becomes a 500 without internals. Steps may answer synchronously (see
 * lib/gateway/maybe.ts): with a cached key, in-memory limits and the demo upstream a request
 * completes without a promise.
 */
export function handleGatewayRequest(
  deps: GatewayDeps,
  request: GatewayRequest,
): MaybePromise<GatewayResponse> {
  const call = new GatewayCall(deps, request);
  try {
    const response = call.run();
    return response instanceof Promise ? response.catch((error) => call.fail(error)) : response;
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
  private caching: CachePlan | null = null;
  private endpoint = "unknown";

  constructor(
    private readonly deps: GatewayDeps,
    private readonly request: GatewayRequest,
  ) {}

  run(): MaybePromise<GatewayResponse> {
    const found = route(this.request.method, this.request.path, this.deps.custom);
    this.endpoint = found.endpoint.name;
    return andThen(this.deps.auth.authenticate(this.request, this.startedAt), (principal) => {
      this.deps.lastUsed.touch(principal.keyId, this.startedAt);
      const { requestId, startedAt } = this;
      this.record = { requestId, startedAt, principal, model: null, endpoint: found.endpoint.name };
      const ctx = {
        request: this.request,
        requestId,
        startedAt,
        principal,
        deps: this.deps,
        params: found.params,
      };
      return andThen(found.endpoint.prepare(ctx), (prepared) =>
        this.admitAndRun(principal, prepared),
      );
    });
  }

  private admitAndRun(principal: Principal, prepared: Prepared): MaybePromise<GatewayResponse> {
    if (this.record) this.record.model = prepared.model;
    this.caching = this.record ? planCache(this.deps, this.request, this.record, prepared) : null;
    if (this.caching && this.record) {
      // Only deterministic requests get here: the async cache lookup stays off the hot path.
      const hit = answerFromCache(this.deps, this.caching, this.record, prepared, this.headers);
      return hit.then((answer) => answer ?? this.runFresh(principal, prepared));
    }
    return this.runFresh(principal, prepared);
  }

  private runFresh(principal: Principal, prepared: Prepared): MaybePromise<GatewayResponse> {
    const granted = this.admit(principal, prepared);
    return andThen(granted, (output) =>
      andThen(prepared.run(output), (outcome) => this.respond(principal, outcome)),
    );
  }

  /** The output tokens granted. Unlimited accounts skip the limiter: nothing to count. */
  private admit(principal: Principal, prepared: Prepared): MaybePromise<number> {
    const wanted = prepared.tokens?.maxOutput ?? 0;
    if (!prepared.counted) return wanted;
    if (!hasAnyLimit(principal.limits)) {
      rateLimitHeaders([], this.startedAt, this.headers);
      return wanted;
    }
    const admission = admit(
      this.deps,
      principal,
      prepared,
      this.requestId,
      this.startedAt,
      this.headers,
    );
    return andThen(admission, ({ ticket, grantedOutput }) => {
      this.ticket = ticket;
      return grantedOutput;
    });
  }

  private respond(principal: Principal, outcome: Outcome): MaybePromise<GatewayResponse> {
    if (LIMIT_HEADER in this.headers) return this.deliver(outcome);
    const peeked = hasAnyLimit(principal.limits)
      ? peekHeaders(this.deps, principal, this.startedAt, this.headers)
      : rateLimitHeaders([], this.startedAt, this.headers);
    return andThen(peeked, () => this.deliver(outcome));
  }

  private deliver(outcome: Outcome): GatewayResponse {
    const { deps, headers } = this;
    const record = this.record as CallRecord;
    const ticket = this.ticket;
    if (outcome.kind === "done") {
      // A custom endpoint's non-2xx is passed through but neither billed nor counted as tokens.
      const billed = outcome.billed ?? true;
      const used = billed ? (outcome.use.tokensIn ?? 0) + (outcome.use.tokensOut ?? 0) : 0;
      if (ticket) fireAndForget(deps.limiter.settle(ticket, used));
      recordUsage(deps, record, {
        status: outcome.status,
        use: outcome.use,
        billed,
        estimated: outcome.estimated,
      });
      Object.assign(headers, outcome.headers);
      const body = this.caching ? storeInCache(deps, this.caching, outcome, headers) : outcome.body;
      return { status: outcome.status, headers, body };
    }
    const body = relay(outcome.pieces, this.request.signal, (end) => {
      const tokensIn = end.usage?.promptTokens ?? outcome.promptEstimate;
      const tokensOut = end.usage?.completionTokens ?? end.delivered;
      if (ticket) fireAndForget(deps.limiter.settle(ticket, tokensIn + tokensOut));
      recordUsage(deps, record, {
        status: end.status,
        use: { tokensIn, tokensOut },
        // Tokens delivered before a disconnect or failure are still consumed: billed, estimated.
        billed: end.completed || end.delivered > 0,
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
  fail(thrown: unknown): MaybePromise<GatewayResponse> {
    const error = toGatewayError(thrown, this.requestId);
    // Nothing was delivered: upstream failures are not billed.
    if (this.ticket) fireAndForget(this.deps.limiter.settle(this.ticket, 0));
    this.ticket = null;
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
    const attributed =
      !this.record && (error.status === 404 || error.status === 405)
        ? this.quietAuth()
        : this.record;
    return andThen(attributed, (record) => this.failWith(error, record));
  }

  private failWith(error: GatewayError, record: CallRecord | null): MaybePromise<GatewayResponse> {
    if (!record) return errorResponse(error, this.headers);
    const headers =
      LIMIT_HEADER in this.headers ? undefined : this.limitHeadersQuietly(record.principal);
    return andThen(headers, () => {
      recordUsage(this.deps, record, {
        status: error.status,
        use: {},
        billed: false,
        errorCode: error.code ?? error.type,
      });
      return errorResponse(error, this.headers);
    });
  }

  private limitHeadersQuietly(principal: Principal): MaybePromise<void> {
    try {
      const peeked = peekHeaders(this.deps, principal, this.startedAt, this.headers);
      return peeked instanceof Promise ? peeked.catch(() => {}) : peeked;
    } catch {
      return undefined;
    }
  }

  /** For a wrong URL or method sent with a valid key: attribute the event to the account. */
  private quietAuth(): MaybePromise<CallRecord | null> {
    const { requestId, startedAt } = this;
    const toRecord = (principal: Principal): CallRecord => ({
      requestId,
      startedAt,
      principal,
      model: null,
      endpoint: "unknown",
    });
    try {
      const authenticated = this.deps.auth.authenticate(this.request, startedAt);
      return authenticated instanceof Promise
        ? authenticated.then(toRecord, () => null)
        : toRecord(authenticated);
    } catch {
      // No valid key: the error is answered, just not attributed to an account.
      return null;
    }
  }
}
