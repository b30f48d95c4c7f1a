import type { Redis } from "ioredis";
import { ADMIT_LUA, PEEK_LUA, Script, SETTLE_LUA } from "./redis-scripts";
import type { Admission, AdmissionRequest, Limiter, Rejection, Ticket, WindowState } from "./types";
import { windowsFrom } from "./windows";

const admitScript = new Script(ADMIT_LUA);
const settleScript = new Script(SETTLE_LUA);
const peekScript = new Script(PEEK_LUA);

const REJECTIONS: Record<number, Rejection> = {
  1: "requests-minute",
  2: "requests-day",
  3: "tokens-day",
};

function keys(accountId: string, day: string): string[] {
  // The {accountId} hash tag keeps an account's keys in one slot (Redis Cluster compatible).
  const base = `dz:rl:{${accountId}}`;
  return [`${base}:m`, `${base}:d:${day}:r`, `${base}:d:${day}:t`];
}

function limitArg(value: number | null): number {
  return value === null ? -1 : value;
}

function parseReply(reply: unknown): number[] {
  if (!Array.isArray(reply) || reply.length !== 7) throw new Error("unexpected limiter reply");
  return reply.map((value) => Number(value));
}

/**
 * Limits in Redis: one check-and-count script per request, so any number of instances enforce one
 * limit exactly. Errors propagate; the resilient limiter decides what to do when Redis is away.
 */
export class RedisLimiter implements Limiter {
  constructor(private readonly redis: Redis) {}

  async admit(request: AdmissionRequest): Promise<Admission> {
    const { limits, tokens, dayEndMs } = request;
    const ttlSeconds = Math.ceil(Math.max(0, dayEndMs - request.now) / 1000) + 3600;
    const reply = parseReply(
      await admitScript.run(this.redis, keys(request.accountId, request.day), [
        limitArg(limits.requestsPerMinute),
        limitArg(limits.requestsPerDay),
        limitArg(limits.tokensPerDay),
        tokens ? tokens.prompt : -1,
        tokens ? tokens.maxOutput : 0,
        ttlSeconds,
        request.requestId,
      ]),
    );
    const [status, minuteCount, oldestMs, dayRequests, dayTokens, grantedOutput, nowMs] = reply;
    const windows = windowsFrom(
      limits,
      { minuteCount, oldestMs, dayRequests, dayTokens },
      nowMs,
      dayEndMs,
    );
    if (status !== 0) {
      const reason = REJECTIONS[status];
      const retryAt = reason === "requests-minute" ? oldestMs + 60_000 : dayEndMs;
      return { ok: false, reason, retryAfterMs: Math.max(0, retryAt - nowMs), windows };
    }
    const reserved = tokens ? tokens.prompt + grantedOutput : 0;
    const ticket: Ticket = {
      accountId: request.accountId,
      day: request.day,
      reserved,
      backend: "redis",
    };
    return { ok: true, grantedOutput, windows, ticket };
  }

  async settle(ticket: Ticket, usedTokens: number): Promise<void> {
    const delta = usedTokens - ticket.reserved;
    if (delta === 0) return;
    await settleScript.run(this.redis, [keys(ticket.accountId, ticket.day)[2]], [delta]);
  }

  async peek(request: Omit<AdmissionRequest, "requestId" | "tokens">): Promise<WindowState[]> {
    const reply = parseReply(
      await peekScript.run(this.redis, keys(request.accountId, request.day), [
        limitArg(request.limits.requestsPerMinute),
      ]),
    );
    const [, minuteCount, oldestMs, dayRequests, dayTokens, , nowMs] = reply;
    return windowsFrom(
      request.limits,
      { minuteCount, oldestMs, dayRequests, dayTokens },
      nowMs,
      request.dayEndMs,
    );
  }

  async close(): Promise<void> {}
}
