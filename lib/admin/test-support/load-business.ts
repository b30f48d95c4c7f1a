import type pg from "pg";
import type { TestAccount, TestSubscription } from "./business";

/**
 * Every account with its subscriptions and invoices, read with plain selects, so a test can
 * compute what the console should show (expectedRevenue) for whatever a database holds.
 */
export async function loadBusiness(pool: pg.Pool): Promise<TestAccount[]> {
  const [accounts, subscriptions, invoices] = await Promise.all([
    pool.query<{
      id: string;
      name: string;
      plan: string;
      status: "active" | "suspended";
      custom_price_paisa: number | null;
      created_at: Date;
    }>(
      "SELECT id, name, plan, status::text AS status, custom_price_paisa, created_at FROM accounts",
    ),
    pool.query<{
      account_id: string;
      id: string;
      status: string;
      plan: string;
      amount_paisa: number;
      created_at: Date;
      canceled_at: Date | null;
      cancel_at_period_end: boolean;
      current_period_end: Date;
      updated_at: Date;
    }>("SELECT * FROM subscriptions"),
    pool.query<{
      account_id: string;
      id: string;
      status: string;
      amount_paid: number;
      paid_at: Date | null;
    }>("SELECT account_id, id, status, amount_paid, paid_at FROM invoices"),
  ]);
  const byId = new Map<string, TestAccount>();
  for (const row of accounts.rows) {
    byId.set(row.id, {
      id: row.id,
      name: row.name,
      email: "",
      plan: row.plan,
      status: row.status,
      customPricePaisa: row.custom_price_paisa,
      createdAt: row.created_at,
      subscriptions: [],
      invoices: [],
      usage: [],
    });
  }
  for (const row of subscriptions.rows) {
    const sub: TestSubscription = {
      id: row.id,
      status: row.status,
      plan: row.plan,
      amountPaisa: row.amount_paisa,
      createdAt: row.created_at,
      canceledAt: row.canceled_at,
      cancelAtPeriodEnd: row.cancel_at_period_end,
      currentPeriodEnd: row.current_period_end,
      updatedAt: row.updated_at,
    };
    byId.get(row.account_id)?.subscriptions.push(sub);
  }
  for (const row of invoices.rows) {
    byId.get(row.account_id)?.invoices.push({
      id: row.id,
      status: row.status,
      amountPaisa: row.amount_paid,
      paidAt: row.paid_at,
    });
  }
  return [...byId.values()];
}
