import type { Redis } from "ioredis";
import { ADMIT_LUA, PEEK_LUA, Script, SETTLE_LUA } from "./redis-scripts";
import type {
  Admission,
  AdmissionRequest,
  Limiter,
  Rejection,
  Ticket,
  WindowLimits,
  WindowState,
} from "./types";
import { windowsFrom } from "./windows";

const admitScript = new Script(ADMIT_LUA);
const settleScript = new Script(SETTLE_LUA);
const peekScript = new Script(PEEK_LUA);

const REJECTIONS: Record<number, [Rejection, "account" | "key"]> = {
  1: ["requests-minute", "account"],
  2: ["requests-day", "account"],
  3: ["tokens-day", "account"],
  4: ["requests-minute", "key"],
  5: ["requests-day", "key"],
  6: ["tokens-day", "key"],
};

function keys(accountId: string, day: string, keyId?: string): string[] {
  // The {accountId} hash tag keeps an account's keys in one slot (Redis Cluster compatible);
  // its API keys' own windows share the tag, so one script may touch both.
  const base = `dz:rl:{${accountId}}`;
  const account = [`${base}:m`, `${base}:d:${day}:r`, `${base}:d:${day}:t`];
  if (keyId === undefined) return account;
  const key = `${base}:k:${keyId}`;
  return [...account, `${key}:m`, `${key}:d:${day}:r`, `${key}:d:${day}:t`];
}

function limitArg(value: number | null): number {
  return value === null ? -1 : value;
}

function parseReply(reply: unknown): number[] {
  if (!Array.isArray(reply) || reply.length !== 11) throw new Error("unexpected limiter reply");
  return reply.map((value) => Number(value));
}

/** The windows a reply describes: the account's, then the key's own. */
function windowsOf(
  reply: number[],
  limits: WindowLimits,
  key: WindowLimits | null,
  dayEndMs: number,
): WindowState[] {
  const [, minuteCount, oldestMs, dayRequests, dayTokens, , nowMs] = reply;
  const windows = windowsFrom(
    limits,
    { minuteCount, oldestMs, dayRequests, dayTokens },
    nowMs,
    dayEndMs,
  );
  if (key) {
    const [, , , , , , , kMinute, kOldest, kRequests, kTokens] = reply;
    const counts = {
      minuteCount: kMinute,
      oldestMs: kOldest,
      dayRequests: kRequests,
      dayTokens: kTokens,
    };
    windows.push(...windowsFrom(key, counts, nowMs, dayEndMs));
  }
  return windows;
}

/**
 * Limits in Redis: one check-and-count script per request, so any number of instances enforce one
 * limit exactly. Errors propagate; the resilient limiter decides what to do when Redis is away.
 */
export class RedisLimiter implements Limiter {
  constructor(private readonly redis: Redis) {}

  async admit(request: AdmissionRequest): Promise<Admission> {
    const { limits, tokens, dayEndMs } = request;
    const key = request.key ?? null;
    const ttlSeconds = Math.ceil(Math.max(0, dayEndMs - request.now) / 1000) + 3600;
    const args: (string | number)[] = [
      limitArg(limits.requestsPerMinute),
      limitArg(limits.requestsPerDay),
      limitArg(limits.tokensPerDay),
      tokens ? tokens.prompt : -1,
      tokens ? tokens.maxOutput : 0,
      ttlSeconds,
      request.requestId,
    ];
    if (key) {
      args.push(
        limitArg(key.limits.requestsPerMinute),
        limitArg(key.limits.requestsPerDay),
        limitArg(key.limits.tokensPerDay),
      );
    }
    const reply = parseReply(
      await admitScript.run(this.redis, keys(request.accountId, request.day, key?.id), args),
    );
    const [status, , oldestMs, , , grantedOutput, nowMs, , keyOldestMs] = reply;
    const windows = windowsOf(reply, limits, key?.limits ?? null, dayEndMs);
    if (status !== 0) {
      const [reason, scope] = REJECTIONS[status];
      const first = scope === "key" ? keyOldestMs : oldestMs;
      const retryAt = reason === "requests-minute" ? first + 60_000 : dayEndMs;
      return { ok: false, reason, scope, retryAfterMs: Math.max(0, retryAt - nowMs), windows };
    }
    const reserved = tokens ? tokens.prompt + grantedOutput : 0;
    const ticket: Ticket = {
      accountId: request.accountId,
      day: request.day,
      reserved,
      backend: "redis",
    };
    if (key) ticket.keyId = key.id;
    return { ok: true, grantedOutput, windows, ticket };
  }

  async settle(ticket: Ticket, usedTokens: number): Promise<void> {
    const delta = usedTokens - ticket.reserved;
    if (delta === 0) return;
    const all = keys(ticket.accountId, ticket.day, ticket.keyId);
    const counters = ticket.keyId ? [all[2], all[5]] : [all[2]];
    await settleScript.run(this.redis, counters, [delta]);
  }

  async peek(request: Omit<AdmissionRequest, "requestId" | "tokens">): Promise<WindowState[]> {
    const key = request.key ?? null;
    const reply = parseReply(
      await peekScript.run(this.redis, keys(request.accountId, request.day, key?.id), [
        limitArg(request.limits.requestsPerMinute),
        limitArg(key?.limits.requestsPerMinute ?? null),
      ]),
    );
    return windowsOf(reply, request.limits, key?.limits ?? null, request.dayEndMs);
  }

  async close(): Promise<void> {}
}
