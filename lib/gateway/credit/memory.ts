import {
  HOLD_LEASE_MS,
  type Hold,
  type HoldRequest,
  type HoldResult,
  type LedgerSnapshot,
  type SpendStore,
} from "./types";

interface AccountMoney {
  credit: number;
  version: number;
  spent: number;
  held: number;
  /** month → (account total under "", each key under its id), holds included. */
  months: Map<string, Map<string, number>>;
  holds: Map<string, { hold: Hold; expiresAt: number }>;
  /** Whether the ledger's spent (and which months' spend) was taken in yet. */
  synced: boolean;
  syncedMonths: Set<string>;
}

/**
 * Balances and caps inside one process: every decision runs to its end without awaiting, so
 * concurrent calls cannot interleave between the check and the hold. Rebuilt from the ledger at
 * start, so a restart loses nothing and releases the holds that were in flight.
 */
export class MemorySpendStore implements SpendStore {
  private readonly accounts = new Map<string, AccountMoney>();

  private account(id: string): AccountMoney {
    let found = this.accounts.get(id);
    if (!found) {
      found = {
        credit: 0,
        version: -1,
        spent: 0,
        held: 0,
        months: new Map(),
        holds: new Map(),
        synced: false,
        syncedMonths: new Set(),
      };
      this.accounts.set(id, found);
    }
    return found;
  }

  private month(money: AccountMoney, month: string): Map<string, number> {
    let found = money.months.get(month);
    if (!found) {
      found = new Map();
      money.months.set(month, found);
      // Since its sync this process has counted everything: a new month starts here, not in the ledger.
      if (money.synced) money.syncedMonths.add(month);
    }
    return found;
  }

  private release(money: AccountMoney, hold: Hold): void {
    money.holds.delete(hold.requestId);
    if (hold.mode === "credit") money.held -= hold.amount;
    const spend = money.months.get(hold.month);
    if (!spend) return;
    spend.set("", (spend.get("") ?? 0) - hold.amount);
    spend.set(hold.keyId, (spend.get(hold.keyId) ?? 0) - hold.amount);
  }

  private sweep(money: AccountMoney, now: number): void {
    for (const { hold, expiresAt } of money.holds.values()) {
      if (expiresAt <= now) this.release(money, hold);
    }
  }

  async hold(request: HoldRequest): Promise<HoldResult> {
    return this.take(request);
  }

  holdNow(request: HoldRequest): Hold | null {
    const result = this.take(request);
    return result.ok ? result.hold : null;
  }

  private take(request: HoldRequest): HoldResult {
    const money = this.account(request.accountId);
    this.sweep(money, Date.now());
    const available = money.credit - money.spent - money.held;
    let mode: Hold["mode"];
    if (available > 0 && available >= request.amount) mode = "credit";
    else if (request.postpaid) mode = "postpaid";
    else return { ok: false, reason: "no-funds" };
    const spend = this.month(money, request.month);
    const accountSpend = spend.get("") ?? 0;
    const keySpend = spend.get(request.keyId) ?? 0;
    if (request.accountCap !== null && accountSpend + request.amount > request.accountCap)
      return { ok: false, reason: "account-cap" };
    if (request.keyCap !== null && keySpend + request.amount > request.keyCap)
      return { ok: false, reason: "key-cap" };
    spend.set("", accountSpend + request.amount);
    spend.set(request.keyId, keySpend + request.amount);
    if (mode === "credit") money.held += request.amount;
    const hold: Hold = { ...request, mode };
    money.holds.set(request.requestId, { hold, expiresAt: Date.now() + HOLD_LEASE_MS });
    return { ok: true, hold };
  }

  async settle(hold: Hold, charged: number): Promise<void> {
    const money = this.account(hold.accountId);
    // A hold past its lease was released already: only the charge remains to count.
    if (money.holds.has(hold.requestId)) this.release(money, hold);
    if (hold.mode === "credit") money.spent += charged;
    const spend = this.month(money, hold.month);
    spend.set("", (spend.get("") ?? 0) + charged);
    spend.set(hold.keyId, (spend.get(hold.keyId) ?? 0) + charged);
  }

  async apply(snapshots: readonly LedgerSnapshot[], month: string): Promise<void> {
    for (const snapshot of snapshots) {
      const money = this.account(snapshot.accountId);
      if (snapshot.creditVersion >= money.version) {
        money.credit = snapshot.credit;
        money.version = snapshot.creditVersion;
      }
      // What this process counted before its first sync adds to the ledger's figures.
      if (!money.synced) money.spent += snapshot.spent;
      money.synced = true;
      if (!money.syncedMonths.has(month)) {
        money.syncedMonths.add(month);
        const spend = this.month(money, month);
        for (const [keyId, amount] of Object.entries(snapshot.monthByKey)) {
          spend.set(keyId, (spend.get(keyId) ?? 0) + amount);
          spend.set("", (spend.get("") ?? 0) + amount);
        }
      }
    }
  }

  async available(accountId: string): Promise<number> {
    const money = this.accounts.get(accountId);
    return money ? money.credit - money.spent - money.held : 0;
  }

  async close(): Promise<void> {}
}
