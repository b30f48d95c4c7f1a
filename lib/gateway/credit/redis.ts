import type { Redis } from "ioredis";
import { Script } from "../limits/redis-scripts";
import { APPLY_LUA, AVAILABLE_LUA, HOLD_LUA, SETTLE_LUA } from "./redis-scripts";
import {
  HOLD_LEASE_MS,
  type Hold,
  type HoldRequest,
  type HoldResult,
  type LedgerSnapshot,
  type SpendStore,
} from "./types";

const holdScript = new Script(HOLD_LUA);
const settleScript = new Script(SETTLE_LUA);
const applyScript = new Script(APPLY_LUA);
const availableScript = new Script(AVAILABLE_LUA);

/** Month spend outlives its month by a few days (late settles), then expires. */
export const MONTH_TTL_S = 40 * 86_400;
/** Set once a full sync has put every account with ledger entries into this Redis. */
const SYNCED = "dz:cr:synced";

export function keys(accountId: string, month: string): string[] {
  const base = `dz:cr:{${accountId}}`;
  return [base, `${base}:hold`, `${base}:hv`, `${base}:m:${month}`];
}

/** HOLD_LUA's ARGV, which the lease's take script (lease-scripts.ts) receives after its lease id. */
export function holdArgs(request: HoldRequest): (string | number)[] {
  return [
    request.requestId,
    request.keyId,
    request.amount,
    request.month,
    request.accountCap ?? -1,
    request.keyCap ?? -1,
    request.postpaid ? 1 : 0,
    HOLD_LEASE_MS,
    MONTH_TTL_S,
  ];
}

const REFUSALS = { 1: "no-funds", 2: "account-cap", 3: "key-cap" } as const;

/**
 * Balances, holds and month spend in Redis: one script per hold and per settle, so any number of
 * instances share one balance exactly. A Redis emptied under running instances (restarted without
 * persistence) is noticed on the first refusal (the synced marker is gone) and rebuilt from the
 * ledger before that request is answered.
 */
export class RedisSpendStore implements SpendStore {
  private resyncing: Promise<void> | null = null;

  constructor(
    protected readonly redis: Redis,
    /** A full sync from the ledger (sync.ts), run when the marker is missing. */
    private readonly resync: () => Promise<void> = async () => {},
  ) {}

  async hold(request: HoldRequest): Promise<HoldResult> {
    const result = await this.tryHold(request);
    if (result.ok || result.reason !== "no-funds") return result;
    if ((await this.redis.exists(SYNCED)) === 1) return result;
    this.resyncing ??= this.resync().finally(() => {
      this.resyncing = null;
    });
    await this.resyncing;
    return this.tryHold(request);
  }

  protected async tryHold(request: HoldRequest): Promise<HoldResult> {
    const reply = (await holdScript.run(
      this.redis,
      keys(request.accountId, request.month),
      holdArgs(request),
    )) as [number, number];
    const status = Number(reply[0]);
    if (status !== 0) return { ok: false, reason: REFUSALS[status as 1 | 2 | 3] };
    const mode = Number(reply[1]) === 1 ? "credit" : "postpaid";
    return { ok: true, hold: { ...request, mode } };
  }

  async settle(hold: Hold, charged: number): Promise<void> {
    await settleScript.run(this.redis, keys(hold.accountId, hold.month), [
      hold.requestId,
      hold.keyId,
      charged,
      hold.mode,
      MONTH_TTL_S,
    ]);
  }

  async apply(
    snapshots: readonly LedgerSnapshot[],
    month: string,
    complete: boolean,
  ): Promise<void> {
    // EVALSHA in a pipeline needs the script loaded: load it first (idempotent).
    await this.redis.script("LOAD", APPLY_LUA);
    const pipeline = this.redis.pipeline();
    for (const s of snapshots) {
      const [account, , , monthKey] = keys(s.accountId, month);
      const pairs = Object.entries(s.monthByKey).flat();
      const args = [s.credit, s.creditVersion, s.spent, MONTH_TTL_S, ...pairs];
      pipeline.evalsha(applyScript.sha, 2, account, monthKey, ...args);
    }
    const results = (await pipeline.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    if (complete) await this.redis.set(SYNCED, "1");
  }

  async available(accountId: string): Promise<number> {
    return Number(await availableScript.run(this.redis, [keys(accountId, "")[0]], []));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
