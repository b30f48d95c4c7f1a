import { Script } from "../limits/redis-scripts";
import { SPEND_LUA, TAKE_LUA } from "./lease-scripts";
import { holdArgs, keys, MONTH_TTL_S, RedisSpendStore } from "./redis";
import { SETTLE_LUA } from "./redis-scripts";
import type { Hold, HoldMode, HoldRequest, HoldResult } from "./types";

const takeScript = new Script(TAKE_LUA);
const spendScript = new Script(SPEND_LUA);
const settleScript = new Script(SETTLE_LUA);

export interface LeaseOptions {
  /** A lease is this many calls' maximum cost (at the call that takes it). */
  calls: number;
  /** Below this many calls' worth of room, calls hold one by one (nothing stranded). */
  minCalls: number;
  /** One lease takes at most this fraction's inverse of the room: room / share. */
  share: number;
  /** Calls draw from a lease this long, then it is given back once its calls ended. */
  drawMs: number;
  /** Redis releases a lease not spent from or refreshed for this long (its instance died). */
  ttlMs: number;
}

export const LEASE_DEFAULTS: LeaseOptions = {
  calls: 256,
  minCalls: 8,
  share: 4,
  drawMs: 1_000,
  ttlMs: 30_000,
};

/** Lua writes numbers from 1e14 on with an exponent: a lease stays far below (1M PKR). */
const MAX_LEASE = 1_000_000_000_000;

const REFUSALS = { 1: "no-funds", 2: "account-cap", 3: "key-cap" } as const;

interface Lease {
  /** Names its hold in Redis. */
  id: string;
  slot: string;
  accountId: string;
  keyId: string;
  month: string;
  mode: HoldMode;
  /** Room not drawn by a call. */
  remaining: number;
  /** Calls drawn and not settled. */
  inflight: number;
  /** Charged and not yet moved to spent in Redis. */
  pending: number;
  drawUntil: number;
  retired: boolean;
  returned: boolean;
}

/**
 * The Redis spend store with a lease per instance: one Lua step takes a call's hold and a slice
 * of the account's credit and caps' room for the calls after it (never more than room / share, so
 * the instances' leases never pass the balance or a cap, and small balances are not leased at
 * all); those calls then hold and settle in memory, without a round trip. Charges move to spent
 * in Redis once per loop turn; an idle lease is given back; a lease whose instance died is
 * released by Redis after `ttlMs` (bench/README.md: calls paid from credit).
 */
export class LeasedSpendStore extends RedisSpendStore {
  private readonly current = new Map<string, Lease>();
  private readonly leases = new Set<Lease>();
  private readonly drawnFrom = new WeakMap<Hold, Lease>();
  private readonly taking = new Map<string, Promise<HoldResult>>();
  private readonly giving = new Map<string, Promise<unknown>>();
  private readonly dirty = new Set<Lease>();
  /** Slots whose last take found too little room to lease: their calls hold one by one, at once. */
  private readonly perCall = new Set<string>();
  private flushing = false;
  private serial = 0;
  private readonly prefix = `lease:${process.pid}:${Math.random().toString(36).slice(2, 10)}:`;
  private readonly timer: NodeJS.Timeout;

  constructor(
    redis: ConstructorParameters<typeof RedisSpendStore>[0],
    resync?: () => Promise<void>,
    private readonly options: LeaseOptions = LEASE_DEFAULTS,
  ) {
    super(redis, resync);
    this.timer = setInterval(
      () => this.tick(),
      Math.max(50, Math.min(options.drawMs, options.ttlMs / 3)),
    );
    this.timer.unref();
  }

  override async hold(request: HoldRequest): Promise<HoldResult> {
    return this.draw(request) ?? super.hold(request);
  }

  holdNow(request: HoldRequest): Hold | null {
    const drawn = this.draw(request);
    return drawn?.ok ? drawn.hold : null;
  }

  /** From this instance's lease, synchronously; null when there is none that fits. */
  private draw(request: HoldRequest, slot = slotOf(request)): HoldResult | null {
    const lease = this.current.get(slot);
    if (!lease) return null;
    if (Date.now() >= lease.drawUntil || lease.remaining < request.amount) {
      this.retire(lease);
      return null;
    }
    lease.remaining -= request.amount;
    lease.inflight++;
    const hold: Hold = { ...request, mode: lease.mode };
    this.drawnFrom.set(hold, lease);
    return { ok: true, hold };
  }

  /**
   * One take per slot at a time while leasing pays: the calls arriving meanwhile draw from what
   * it leased. Refused for want of funds, a call may still fit in a lease this instance retired.
   */
  protected override async tryHold(request: HoldRequest): Promise<HoldResult> {
    const slot = slotOf(request);
    for (let running = this.taking.get(slot); running && !this.perCall.has(slot); ) {
      await running.catch(() => {});
      const drawn = this.draw(request, slot);
      if (drawn) return drawn;
      const next = this.taking.get(slot);
      running = next === running ? undefined : next;
    }
    const take = this.take(request, slot);
    this.taking.set(slot, take);
    let result: HoldResult;
    try {
      result = await take;
    } finally {
      if (this.taking.get(slot) === take) this.taking.delete(slot);
    }
    if (result.ok || result.reason !== "no-funds") return result;
    return this.drawRetired(request, slot) ?? result;
  }

  /** From a retired lease of the slot still running calls, whose rest is not given back yet. */
  private drawRetired(request: HoldRequest, slot: string): HoldResult | null {
    for (const lease of this.leases) {
      if (lease.slot !== slot || lease.returned || lease.remaining < request.amount) continue;
      lease.remaining -= request.amount;
      lease.inflight++;
      const hold: Hold = { ...request, mode: lease.mode };
      this.drawnFrom.set(hold, lease);
      return { ok: true, hold };
    }
    return null;
  }

  private async take(request: HoldRequest, slot: string): Promise<HoldResult> {
    // A lease of this slot given back first, so its rest is in the room this take sees.
    await this.giving.get(slot);
    const { calls, minCalls, share, ttlMs, drawMs } = this.options;
    const id = `${this.prefix}${++this.serial}`;
    const reply = (await takeScript.run(this.redis, keys(request.accountId, request.month), [
      id,
      ...holdArgs(request),
      Math.min(request.amount * calls, MAX_LEASE),
      request.amount * minCalls,
      share,
      ttlMs,
    ])) as [number, number, number];
    const status = Number(reply[0]);
    if (status !== 0) return { ok: false, reason: REFUSALS[status as 1 | 2 | 3] };
    const mode: HoldMode = Number(reply[1]) === 1 ? "credit" : "postpaid";
    const hold: Hold = { ...request, mode };
    const size = Number(reply[2]);
    if (size === 0) {
      this.perCall.add(slot);
      return { ok: true, hold };
    }
    this.perCall.delete(slot);
    const lease: Lease = {
      id,
      slot,
      accountId: request.accountId,
      keyId: request.keyId,
      month: request.month,
      mode,
      remaining: size - request.amount,
      inflight: 1,
      pending: 0,
      drawUntil: Date.now() + drawMs,
      retired: false,
      returned: false,
    };
    const previous = this.current.get(slot);
    if (previous) this.retire(previous);
    this.current.set(slot, lease);
    this.leases.add(lease);
    this.drawnFrom.set(hold, lease);
    return { ok: true, hold };
  }

  override async settle(hold: Hold, charged: number): Promise<void> {
    const lease = this.drawnFrom.get(hold);
    if (!lease) return super.settle(hold, charged);
    this.drawnFrom.delete(hold);
    lease.inflight--;
    lease.remaining += hold.amount - charged;
    lease.pending += charged;
    this.dirty.add(lease);
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
  }

  /** Once per loop turn: charges to spent, drained retired leases given back. */
  private flush(): void {
    this.flushing = false;
    for (const lease of this.dirty) {
      // Given back while a call still ran (shutdown): its charge counts as a settle's would.
      if (lease.returned) this.spend(lease);
      else if (lease.retired && lease.inflight === 0) this.giveBack(lease);
      else if (lease.pending > 0) this.spend(lease);
    }
    this.dirty.clear();
  }

  private spend(lease: Lease): void {
    const charged = lease.pending;
    if (charged === 0 && lease.returned) return;
    lease.pending = 0;
    spendScript
      .run(this.redis, keys(lease.accountId, lease.month), [
        lease.id,
        charged,
        lease.mode,
        lease.keyId,
        MONTH_TTL_S,
        this.options.ttlMs,
      ])
      .then((found) => {
        // Released under it (Redis emptied, or this instance stalled past the lease): stop drawing.
        if (Number(found) !== 1) this.retire(lease);
      })
      .catch(() => {
        lease.pending += charged;
        this.dirty.add(lease);
      });
  }

  private retire(lease: Lease): void {
    lease.retired = true;
    if (this.current.get(lease.slot) === lease) this.current.delete(lease.slot);
    if (lease.inflight === 0) this.giveBack(lease);
  }

  /** The lease's rest released and its last charges counted, in one settle. */
  private giveBack(lease: Lease): void {
    if (lease.returned) return;
    lease.returned = true;
    this.leases.delete(lease);
    const charged = lease.pending;
    lease.pending = 0;
    const given = settleScript
      .run(this.redis, keys(lease.accountId, lease.month), [
        lease.id,
        lease.keyId,
        charged,
        lease.mode,
        MONTH_TTL_S,
      ])
      .catch(() => {
        // Unreachable: Redis releases the lease after ttlMs; the ledger has the debits.
      });
    this.giving.set(lease.slot, given);
    void given.then(() => {
      if (this.giving.get(lease.slot) === given) this.giving.delete(lease.slot);
    });
  }

  /** Leases past their drawing time retire; those with calls still running stay alive in Redis. */
  private tick(): void {
    const now = Date.now();
    // Whether leasing pays is asked again now and then (a top-up, a raised cap).
    this.perCall.clear();
    for (const lease of this.leases) {
      if (!lease.retired && now >= lease.drawUntil) this.retire(lease);
      if (!lease.returned && lease.inflight > 0) this.spend(lease);
    }
  }

  override async available(accountId: string): Promise<number> {
    let leased = 0;
    for (const lease of this.leases)
      if (lease.accountId === accountId && lease.mode === "credit") leased += lease.remaining;
    return (await super.available(accountId)) + leased;
  }

  override async close(): Promise<void> {
    clearInterval(this.timer);
    for (const lease of [...this.leases]) {
      lease.retired = true;
      this.giveBack(lease);
    }
    await Promise.all(this.giving.values());
    await super.close();
  }
}

function slotOf(r: HoldRequest): string {
  return `${r.accountId}|${r.keyId}|${r.month}|${r.accountCap}|${r.keyCap}|${r.postpaid}`;
}
