/**
 * Money past the allowance: a hold of a call's maximum cost against the account's credit and its
 * spend caps, taken in one atomic step, then settled to what the call was charged. Amounts are
 * integer micro-rupees (1 PKR = 1,000,000).
 */

export interface HoldRequest {
  accountId: string;
  keyId: string;
  /** The request id: names the hold, so a settle finds it. */
  requestId: string;
  /** The call's maximum cost. */
  amount: number;
  /** The calendar month (YYYY-MM, business time zone) the caps count in. */
  month: string;
  accountCap: number | null;
  keyCap: number | null;
  /** Without enough credit, hold against the caps only and bill later. */
  postpaid: boolean;
}

export type HoldMode = "credit" | "postpaid";

/** What a successful hold took; settle it exactly once. */
export interface Hold {
  accountId: string;
  keyId: string;
  requestId: string;
  amount: number;
  month: string;
  mode: HoldMode;
}

export type HoldRefusal = "no-funds" | "account-cap" | "key-cap";

export type HoldResult = { ok: true; hold: Hold } | { ok: false; reason: HoldRefusal };

/** One account as the ledger has it (sync.ts reads it; stores apply it). */
export interface LedgerSnapshot {
  accountId: string;
  /** Sum of every entry but usage debits: top-ups, grants, refunds, expiries, adjustments. */
  credit: number;
  /** How many such entries: grows with every one (append-only), so a stale read never wins. */
  creditVersion: number;
  /** Usage debits ever charged, as a positive amount. */
  spent: number;
  /** This month's usage debits, per key id. */
  monthByKey: Record<string, number>;
}

/** Where balances, holds and month spend live: Redis (shared) or this process's memory. */
export interface SpendStore {
  /** Check credit and caps and, when they allow, hold `amount` against them: atomically. */
  hold(request: HoldRequest): Promise<HoldResult>;
  /** The hold when it can be taken at once (from memory); null: ask `hold`. */
  holdNow?(request: HoldRequest): Hold | null;
  /** Release the hold and charge `charged` (≤ hold.amount) instead. */
  settle(hold: Hold, charged: number): Promise<void>;
  /**
   * Take the ledger's figures: credit where the snapshot is newer; spent and month spend only
   * for accounts (months) the store does not hold yet, since the store also counts what is not
   * written yet. `complete` marks a full sync (every account with entries).
   */
  apply(snapshots: readonly LedgerSnapshot[], month: string, complete: boolean): Promise<void>;
  /** Credit available now (credit − spent − held), for tests and headers. */
  available(accountId: string): Promise<number>;
  close(): Promise<void>;
}

/** How long a hold may stay unsettled before it is released (its instance died mid-call). */
export const HOLD_LEASE_MS = 15 * 60_000;
