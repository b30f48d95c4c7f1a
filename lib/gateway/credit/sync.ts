import type { Pool } from "pg";
import { calendarDay, monthStart } from "../limits/calendar";
import type { LedgerSnapshot, SpendStore } from "./types";

/** Entries committed a little after their created_at (a slow transaction) are still seen. */
const LOOKBACK_MS = 5_000;

/** The calendar month (YYYY-MM) of `ms` in the business time zone, and when it began. */
export function calendarMonth(ms: number, timeZone: string): { month: string; startMs: number } {
  const first = monthStart(ms, timeZone);
  const startMs = calendarDay(Date.parse(`${first}T12:00:00Z`), timeZone).startMs;
  return { month: first.slice(0, 7), startMs };
}

const TOTALS = `
SELECT account_id,
       COALESCE(sum(amount_micros) FILTER (WHERE kind <> 'usage'), 0)::text AS credit,
       count(*) FILTER (WHERE kind <> 'usage')::int AS version,
       COALESCE(-sum(amount_micros) FILTER (WHERE kind = 'usage'), 0)::text AS spent
  FROM ledger_entries
 WHERE $1::text[] IS NULL OR account_id = ANY($1::text[])
 GROUP BY account_id`;

// A month's spend is every charged call: debits from credit and postpaid charges alike.
const MONTH = `
SELECT account_id, key_id, sum(spent)::text AS spent FROM (
  SELECT account_id, key_id, -amount_micros AS spent FROM ledger_entries
   WHERE kind = 'usage' AND created_at >= $2 AND ($1::text[] IS NULL OR account_id = ANY($1::text[]))
  UNION ALL
  SELECT account_id, key_id, amount_micros FROM postpaid_charges
   WHERE created_at >= $2 AND ($1::text[] IS NULL OR account_id = ANY($1::text[]))
) charged
 GROUP BY account_id, key_id`;

const CHANGED = `
SELECT DISTINCT account_id FROM ledger_entries
 WHERE kind IN ('topup', 'refund', 'grant', 'expiry', 'adjustment') AND created_at > $1`;

/** The ledger's figures for some accounts (null: every account with entries). */
export async function readSnapshots(
  pool: Pool,
  accountIds: string[] | null,
  monthStartMs: number,
): Promise<LedgerSnapshot[]> {
  const [totals, month] = await Promise.all([
    pool.query<{ account_id: string; credit: string; version: number; spent: string }>(TOTALS, [
      accountIds,
    ]),
    pool.query<{ account_id: string; key_id: string | null; spent: string }>(MONTH, [
      accountIds,
      new Date(monthStartMs),
    ]),
  ]);
  const byAccount = new Map<string, LedgerSnapshot>();
  for (const row of totals.rows) {
    byAccount.set(row.account_id, {
      accountId: row.account_id,
      credit: Number(row.credit),
      creditVersion: row.version,
      spent: Number(row.spent),
      monthByKey: {},
    });
  }
  for (const row of month.rows) {
    let snapshot = byAccount.get(row.account_id);
    if (!snapshot) {
      // Postpaid only: no credit, but its month's spend still counts against the caps.
      snapshot = {
        accountId: row.account_id,
        credit: 0,
        creditVersion: 0,
        spent: 0,
        monthByKey: {},
      };
      byAccount.set(row.account_id, snapshot);
    }
    if (row.key_id) snapshot.monthByKey[row.key_id] = Number(row.spent);
  }
  return [...byAccount.values()];
}

/**
 * Keeps the gateway's balances in step with the ledger: everything at start (the ledger is the
 * truth; a restart loses nothing), then every `intervalMs` the accounts whose credit changed
 * (top-ups, grants, refunds written by the web process). Off the hot path; while PostgreSQL is
 * away the poll fails quietly and the balances already held keep serving.
 */
export class CreditSync {
  private timer: NodeJS.Timeout | null = null;
  private since = 0;
  private running = false;
  private failing = false;

  constructor(
    private readonly store: SpendStore,
    private readonly pool: () => Pool,
    private readonly timeZone: string,
    private readonly intervalMs = 500,
    private readonly log: (line: string) => void = console.warn,
  ) {}

  /** Every account with ledger entries, into the store. */
  async full(now = Date.now()): Promise<void> {
    const { month, startMs } = calendarMonth(now, this.timeZone);
    const since = await this.dbNow();
    const snapshots = await readSnapshots(this.pool(), null, startMs);
    await this.store.apply(snapshots, month, true);
    if (this.since === 0 || since < this.since) this.since = since;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async dbNow(): Promise<number> {
    const { rows } = await this.pool().query<{ now: Date }>("SELECT now() AS now");
    return rows[0].now.getTime();
  }

  /** The accounts whose credit changed since the last poll. */
  async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // The start's full sync failed (PostgreSQL away): it is retried until it succeeds.
      if (this.since === 0) {
        await this.full();
        return;
      }
      const since = await this.dbNow();
      const { rows } = await this.pool().query<{ account_id: string }>(CHANGED, [
        new Date(this.since - LOOKBACK_MS),
      ]);
      if (rows.length > 0) {
        const { month, startMs } = calendarMonth(Date.now(), this.timeZone);
        const ids = rows.map((row) => row.account_id);
        await this.store.apply(await readSnapshots(this.pool(), ids, startMs), month, false);
      }
      this.since = since;
      if (this.failing) this.log("[credit] ledger readable again: balances in step");
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.log(`[credit] could not read the ledger (${String(error)})`);
      this.failing = true;
    } finally {
      this.running = false;
    }
  }
}
