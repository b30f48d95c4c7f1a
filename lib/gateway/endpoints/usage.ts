import { usageSummary } from "@/lib/usage/summary";
import { GatewayError } from "../errors";
import { monthStart, today } from "../limits/calendar";
import type { CallContext, Endpoint, Prepared } from "../pipeline/types";

function pkr(paisa: number) {
  return { amount: paisa / 100, amount_paisa: paisa, currency: "PKR" };
}

/**
 * GET /usage: this calendar month for the account, from the daily rollups. This instance's
 * queued events are written first, so a client sees its own latest calls. "today.requests" and
 * "today.tokens" are what was recorded; "today.remaining" is what the limiter will still admit.
 */
export const accountUsage: Endpoint = {
  name: "usage",
  method: "GET",
  async prepare(ctx: CallContext): Promise<Prepared> {
    const { principal, deps } = ctx;
    return {
      model: null,
      counted: false,
      tokens: null,
      async run() {
        await deps.meter.flush();
        const day = today(ctx.startedAt, deps.timeZone);
        const from = monthStart(ctx.startedAt, deps.timeZone);
        const summary = await usageSummary(deps.pool(), principal.accountId, from, day.day).catch(
          () => {
            throw new GatewayError(503, "Usage is temporarily unavailable; try again shortly.", {
              type: "server_error",
              code: "service_unavailable",
            });
          },
        );
        const windows = await deps.limiter.peek({
          accountId: principal.accountId,
          limits: principal.limits,
          now: ctx.startedAt,
          day: day.day,
          dayEndMs: day.endMs,
        });
        const remaining = (kind: string) => windows.find((w) => w.kind === kind)?.remaining ?? null;
        const body = {
          object: "usage",
          account_id: principal.accountId,
          plan: principal.planId,
          period: { start: from, end: day.day, time_zone: deps.timeZone },
          total_requests: summary.totals.requests,
          billed_requests: summary.totals.billedRequests,
          total_tokens_in: summary.totals.tokensIn,
          total_tokens_out: summary.totals.tokensOut,
          estimated_cost: pkr(summary.totals.costPaisa),
          today: {
            date: day.day,
            requests: summary.lastDay.billedRequests,
            tokens: summary.lastDay.tokensIn + summary.lastDay.tokensOut,
            limits: {
              requests_per_minute: principal.limits.requestsPerMinute,
              requests_per_day: principal.limits.requestsPerDay,
              tokens_per_day: principal.limits.tokensPerDay,
              max_tokens_per_request: principal.limits.maxTokensPerRequest,
            },
            remaining: {
              requests_this_minute: remaining("requests-minute"),
              requests_today: remaining("requests-day"),
              tokens_today: remaining("tokens-day"),
            },
          },
          breakdown: summary.breakdown.map((row) => ({
            endpoint: row.endpoint,
            model: row.model,
            requests: row.requests,
            billed_requests: row.billedRequests,
            errors: row.errors,
            tokens_in: row.tokensIn,
            tokens_out: row.tokensOut,
            cost: pkr(row.costPaisa),
          })),
        };
        return {
          kind: "done",
          status: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          use: {},
        };
      },
    };
  },
};
