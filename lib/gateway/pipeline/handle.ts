import type { Principal } from "../auth/authenticate";
import { GatewayError, toGatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http/types";
import { today } from "../limits/calendar";
import { rateLimitHeaders } from "../limits/headers";
import { hasAnyLimit, type Ticket } from "../limits/types";
import { newRequestId } from "../request-id";
import { route } from "../router";
import { admit } from "./admit";
import { type CallRecord, recordUsage } from "./record";
import { errorResponse } from "./respond";
import { relay } from "./stream";
import type { GatewayDeps, Prepared } from "./types";

const HS = Number(process.env.HACK_STAGE ?? 99);
const hackOut = () => ({ status: 200, headers: { "content-type": "application/json" }, body: "x".repeat(380 + (Date.now() & 1)) });
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
  const startedAt = Date.now();
  const requestId = newRequestId();
  const headers: Record<string, string> = { "x-request-id": requestId };
  let call: CallRecord | null = null;
  let ticket: Ticket | null = null;
  try {
    const found = route(request.method, request.path);
    if (HS === 1) return hackOut();
    const principal = await deps.auth.authenticate(request, startedAt);
    deps.lastUsed.touch(principal.keyId, startedAt);
    if (HS === 2) return hackOut();
    call = { requestId, startedAt, principal, model: null, endpoint: found.endpoint.name };
    const prepared: Prepared = await found.endpoint.prepare({
      request,
      requestId,
      startedAt,
      principal,
      deps,
      params: found.params,
    });
    call.model = prepared.model;
    if (HS === 3) return hackOut();
    let granted = prepared.tokens?.maxOutput ?? 0;
    if (prepared.counted) {
      const admission = await admit(deps, principal, prepared, requestId, startedAt, headers);
      ticket = admission.ticket;
      granted = admission.grantedOutput;
    }
    const outcome = await prepared.run(granted);
    if (!(LIMIT_HEADER in headers)) await peekHeaders(deps, principal, startedAt, headers);
    if (HS === 5) return hackOut();
    if (outcome.kind === "done") {
      const used = (outcome.use.tokensIn ?? 0) + (outcome.use.tokensOut ?? 0);
      if (ticket) void deps.limiter.settle(ticket, used).catch(() => {});
      recordUsage(deps, call, {
        status: outcome.status,
        use: outcome.use,
        billed: true,
        estimated: outcome.estimated,
      });
      Object.assign(headers, outcome.headers);
      return { status: outcome.status, headers, body: outcome.body };
    }
    const streamCall = call;
    const streamTicket = ticket;
    const body = relay(outcome.pieces, request.signal, (end) => {
      const tokensIn = end.usage?.promptTokens ?? outcome.promptEstimate;
      const tokensOut = end.usage?.completionTokens ?? end.delivered;
      if (streamTicket)
        void deps.limiter.settle(streamTicket, tokensIn + tokensOut).catch(() => {});
      recordUsage(deps, streamCall, {
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
  } catch (thrown) {
    const error = toGatewayError(thrown, requestId);
    // Nothing was delivered: give back the reservation (upstream failures are not billed).
    if (ticket) void deps.limiter.settle(ticket, 0).catch(() => {});
    if (!call && (error.status === 404 || error.status === 405))
      call = await quietAuth(deps, request, requestId, startedAt);
    if (call && !(LIMIT_HEADER in headers))
      await peekHeaders(deps, call.principal, startedAt, headers).catch(() => {});
    if (call) {
      recordUsage(deps, call, {
        status: error.status,
        use: {},
        billed: false,
        errorCode: error.code ?? error.type,
      });
    }
    return errorResponse(error, headers);
  }
}

async function peekHeaders(
  deps: GatewayDeps,
  principal: Principal,
  now: number,
  headers: Record<string, string>,
) {
  if (!hasAnyLimit(principal.limits)) return rateLimitHeaders([], now, headers);
  const day = today(now, deps.timeZone);
  const windows = await deps.limiter.peek({
    accountId: principal.accountId,
    limits: principal.limits,
    now,
    day: day.day,
    dayEndMs: day.endMs,
  });
  rateLimitHeaders(windows, now, headers);
}

/** For a wrong URL or method sent with a valid key: attribute the event to the account. */
async function quietAuth(
  deps: GatewayDeps,
  request: GatewayRequest,
  requestId: string,
  startedAt: number,
): Promise<CallRecord | null> {
  try {
    const principal = await deps.auth.authenticate(request, startedAt);
    return { requestId, startedAt, principal, model: null, endpoint: "unknown" };
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return null;
  }
}
