import { type Principal, RefusedKeyError } from "../auth/authenticate";
import { checkEndpoint } from "../auth/key-policy";
import { type Charge, settleCharge } from "../credit/charge";
import { parseJson } from "../endpoints/body";
import { toGatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http/types";
import { rateLimitHeaders } from "../limits/headers";
import { hasAnyLimit, type Ticket } from "../limits/types";
import { newRequestId } from "../request-id";
import { isOpenApiPath, type Route, route } from "../router";
import { admit, admitNow, peekHeaders } from "./admit";
import { answerFromCache, type CachePlan, planCache, storeInCache } from "./cache-step";
import { streamCost, withCost } from "./cost-step";
import { type CallRecord, recordUsage } from "./record";
import { errorResponse } from "./respond";
import { relay } from "./stream";
import type { GatewayDeps, Outcome, Prepared } from "./types";

const LIMIT_HEADER = "x-ratelimit-limit";

/**
 * Every /api/v1 request goes through here: route → authenticate → read the body → validate →
 * admit (limits) → run the upstream → headers → metering. Failures of any step become one
 * OpenAI-shaped error; anything unexpected becomes a 500 without internals.
 *
 * The one place where sync-or-promise is decided (like fastify's handleRequest): a step that can
 * answer at once (a cached key, a body already read, an unlimited account, the in-process demo
 * upstream) returns its value, and `then` below goes async only at a step that really waits.
 * Worth ~10% of throughput (`npm run bench`, bench/README.md "Promises on the hot path").
 */
export function handleGatewayRequest(
  deps: GatewayDeps,
  request: GatewayRequest,
): GatewayResponse | Promise<GatewayResponse> {
  // The public API reference: no key, no limits, no usage event.
  if (deps.reference && isOpenApiPath(request.path)) return deps.reference.answer(deps, request);
  const call = new GatewayCall(deps, request);
  try {
    const response = call.run();
    return response instanceof Promise ? response.catch((error) => call.fail(error)) : response;
  } catch (error) {
    return call.fail(error);
  }
}

type Step<T> = T | Promise<T>;

/** The plan or the key limits something: the limiter runs (else no Redis round trip at all). */
function isLimited(principal: Principal): boolean {
  return hasAnyLimit(principal.limits) || (principal.policy?.limits ?? null) !== null;
}

/** Continue with a step's value: at once when it has one, after it when it is a promise. */
function then<T, R>(value: Step<T>, next: (value: T) => Step<R>): Step<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

class GatewayCall {
  private readonly startedAt = Date.now();
  private readonly requestId = newRequestId(this.startedAt);
  private readonly headers: Record<string, string> = { "x-request-id": this.requestId };
  private record: CallRecord | null = null;
  private ticket: Ticket | null = null;
  private charge: Charge | null = null;
  private caching: CachePlan | null = null;
  /** Whether the call counts toward the allowance (false: a free read, recorded unbilled). */
  private counted = true;
  private endpoint = "unknown";

  constructor(
    private readonly deps: GatewayDeps,
    private readonly request: GatewayRequest,
  ) {}

  run(): Step<GatewayResponse> {
    const { deps, request, startedAt } = this;
    const found = route(request.method, request.path, deps.custom);
    this.endpoint = found.endpoint.name;
    return then(deps.auth.authenticate(request, startedAt), (principal) =>
      this.prepare(found, principal),
    );
  }

  private prepare(found: Route, principal: Principal): Step<GatewayResponse> {
    const { deps, request, requestId, startedAt } = this;
    deps.lastUsed.touch(principal.keyId, startedAt, request.clientIp());
    const record: CallRecord = {
      requestId,
      startedAt,
      principal,
      model: null,
      endpoint: found.endpoint.name,
    };
    this.record = record;
    // The key's scopes, from the cached key: refused (and metered, unbilled) before the body is read.
    if (principal.policy) checkEndpoint(principal.policy, found.endpoint.name, request.method);
    const ctx = { request, requestId, startedAt, principal, deps, params: found.params };
    const endpoint = found.endpoint;
    const prepared = endpoint.json
      ? then(request.readBody(deps.maxBodyBytes), (bytes) =>
          endpoint.prepare(ctx, parseJson(bytes)),
        )
      : endpoint.prepare(ctx);
    return then(prepared, (ready) => this.admitAndRun(principal, record, ready));
  }

  private admitAndRun(
    principal: Principal,
    record: CallRecord,
    prepared: Prepared,
  ): Step<GatewayResponse> {
    record.model = prepared.model;
    this.counted = prepared.counted;
    this.caching = planCache(this.deps, this.request, record, prepared);
    if (this.caching) {
      // Only deterministic requests get here: the async cache lookup stays off the hot path.
      return answerFromCache(this.deps, this.caching, record, prepared, this.headers).then(
        (hit) => hit ?? this.runFresh(principal, prepared),
      );
    }
    return this.runFresh(principal, prepared);
  }

  private runFresh(principal: Principal, prepared: Prepared): Step<GatewayResponse> {
    const limited = prepared.counted && isLimited(principal);
    const granted = limited ? this.admit(principal, prepared) : this.skipLimiter(prepared);
    return then(granted, (output) =>
      then(prepared.run(output), (outcome) => this.respond(principal, outcome)),
    );
  }

  private respond(principal: Principal, outcome: Outcome): Step<GatewayResponse> {
    const { deps, startedAt, headers } = this;
    if (LIMIT_HEADER in headers) return this.deliver(outcome);
    if (!isLimited(principal)) {
      rateLimitHeaders([], startedAt, headers);
      return this.deliver(outcome);
    }
    return peekHeaders(deps, principal, startedAt, headers).then(() => this.deliver(outcome));
  }

  /** Uncounted calls and unlimited accounts skip the limiter (no Redis round trip): all granted. */
  private skipLimiter(prepared: Prepared): number {
    if (prepared.counted) rateLimitHeaders([], this.startedAt, this.headers);
    return prepared.tokens?.maxOutput ?? 0;
  }

  /** The output tokens the limiter granted (at once for a call paid from a lease); a refusal throws its 429. */
  private admit(principal: Principal, prepared: Prepared): Step<number> {
    const { deps, requestId, startedAt, headers } = this;
    const paid = admitNow(deps, principal, prepared, requestId, startedAt, headers);
    if (!paid) return this.admitLater(principal, prepared);
    this.charge = paid.charge;
    return paid.grantedOutput;
  }

  private async admitLater(principal: Principal, prepared: Prepared): Promise<number> {
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
      // A custom endpoint's non-2xx is passed through but neither billed nor counted as tokens;
      // a free read (/models, /usage) is recorded unbilled, so no count of the day includes it.
      const billed = this.counted && (outcome.billed ?? true);
      const used = billed ? (outcome.use.tokensIn ?? 0) + (outcome.use.tokensOut ?? 0) : 0;
      if (ticket) deps.limiter.settle(ticket, used).catch(() => {});
      const cost = recordUsage(deps, record, {
        status: outcome.status,
        use: outcome.use,
        billed,
        estimated: outcome.estimated,
        charge,
      });
      Object.assign(headers, outcome.headers);
      const body = this.caching ? storeInCache(deps, this.caching, outcome, headers) : outcome.body;
      return {
        status: outcome.status,
        headers,
        body: withCost(record.endpoint, body, cost, headers),
      };
    }
    const body = relay(
      outcome.pieces,
      this.request.signal,
      (end) => {
        const tokensIn = end.usage?.promptTokens ?? outcome.promptEstimate;
        const tokensOut = end.usage?.completionTokens ?? end.delivered;
        if (ticket) deps.limiter.settle(ticket, tokensIn + tokensOut).catch(() => {});
        recordUsage(deps, record, {
          status: end.status,
          use: { tokensIn, tokensOut, cachedTokensIn: end.usage?.cachedTokensIn },
          // Tokens delivered before a disconnect or failure are still consumed: billed, estimated.
          billed: end.completed || end.delivered > 0,
          charge,
          estimated: end.usage === null,
          errorCode: end.completed
            ? null
            : end.status === 499
              ? "client_closed_request"
              : "upstream_error",
        });
      },
      streamCost(deps, record),
    );
    Object.assign(headers, outcome.headers);
    return { status: 200, headers, body };
  }

  /** Any failure: give back the reservation, record the (unbilled) event, answer the error. */
  async fail(thrown: unknown): Promise<GatewayResponse> {
    const error = toGatewayError(thrown, this.requestId);
    // Nothing was delivered: upstream failures are not billed.
    if (this.ticket) this.deps.limiter.settle(this.ticket, 0).catch(() => {});
    this.ticket = null;
    if (this.charge) settleCharge(this.deps, this.charge, 0);
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
