import type pg from "pg";
import type { TestAccount, TestInvoice, TestSubscription, TestUsage } from "./business";

const DAY = 86_400_000;

/**
 * A business with one account per case the revenue view must get right, relative to `at`:
 * active, past-due, cancelled (last month, this month, at period end), new this month, abandoned
 * checkout, Enterprise with and without a price, suspended payer, an invoice paid just after
 * midnight on the 1st in Karachi (still the previous day in UTC), and usage in both months.
 */
export function buildBusiness(tag: string, at: Date): TestAccount[] {
  const ago = (days: number) => new Date(at.getTime() - days * DAY);
  let n = 0;
  const account = (
    plan: string,
    extra: Partial<Omit<TestAccount, "id" | "name" | "email">> = {},
  ): TestAccount => {
    n++;
    return {
      id: `${tag}-acct-${n}`,
      name: `${tag} Org ${n}`,
      email: `${tag}-owner-${n}@example.test`,
      plan,
      status: "active",
      customPricePaisa: null,
      createdAt: ago(400 - n),
      subscriptions: [],
      invoices: [],
      usage: [],
      ...extra,
    };
  };
  const sub = (
    id: string,
    plan: string,
    status: string,
    amountPaisa: number,
    extra: Partial<TestSubscription> = {},
  ) => ({
    id: `sub_${tag}_${id}`,
    plan,
    status,
    amountPaisa,
    createdAt: ago(90),
    ...extra,
  });
  const paid = (id: string, amountPaisa: number, paidAt: Date): TestInvoice => ({
    id: `in_${tag}_${id}`,
    status: "paid",
    amountPaisa,
    paidAt,
  });
  const usage = (day: Date, requests: number, model = "demo-chat"): TestUsage => ({
    day: new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Karachi" }).format(day),
    endpoint: "chat.completions",
    model,
    requests,
    tokensIn: requests * 100,
    tokensOut: requests * 50,
    costPaisa: requests * 2,
  });
  const monthStart = startOfMonthKarachi(at);
  return [
    account("free", { usage: [usage(ago(1), 40), usage(ago(45), 7)] }),
    account("starter", {
      subscriptions: [sub("a", "starter", "active", 500_000)],
      invoices: [
        paid("a1", 500_000, ago(62)),
        paid("a2", 500_000, ago(31)),
        paid("a3", 500_000, ago(1)),
      ],
      usage: [usage(ago(2), 120), usage(ago(3), 80, "demo-chat-pro")],
    }),
    account("pro", {
      subscriptions: [sub("b", "pro", "active", 2_500_000)],
      invoices: [paid("b1", 2_500_000, new Date(monthStart.getTime() + 60 * 60_000))],
    }),
    account("pro", { subscriptions: [sub("c", "pro", "past_due", 2_500_000)] }),
    account("free", {
      subscriptions: [
        sub("d", "starter", "canceled", 500_000, { canceledAt: ago(400), createdAt: ago(500) }),
      ],
      invoices: [
        paid("d1", 500_000, ago(420)),
        { id: `in_${tag}_d2`, status: "open", amountPaisa: 500_000, paidAt: null },
      ],
    }),
    account("free", {
      subscriptions: [
        sub("e", "starter", "canceled", 500_000, {
          canceledAt: new Date(monthStart.getTime() + DAY),
        }),
      ],
    }),
    account("free", {
      subscriptions: [
        sub("f", "pro", "canceled", 2_500_000, {
          cancelAtPeriodEnd: true,
          canceledAt: ago(200),
          currentPeriodEnd: new Date(monthStart.getTime() + 2 * 60 * 60_000),
          updatedAt: new Date(monthStart.getTime() + 3 * 60 * 60_000),
        }),
      ],
    }),
    account("starter", {
      subscriptions: [
        sub("g", "starter", "active", 500_000, {
          createdAt: new Date(monthStart.getTime() + 5 * 60_000),
        }),
      ],
      invoices: [paid("g1", 500_000, new Date(monthStart.getTime() + 6 * 60_000))],
    }),
    account("free", {
      subscriptions: [
        sub("h", "starter", "incomplete", 500_000, {
          createdAt: new Date(monthStart.getTime() + 60_000),
        }),
      ],
    }),
    account("enterprise", {
      customPricePaisa: 15_000_000,
      subscriptions: [sub("i", "starter", "active", 500_000)],
      usage: [usage(ago(1), 5000)],
    }),
    account("enterprise"),
    account("pro", { status: "suspended", subscriptions: [sub("j", "pro", "active", 2_500_000)] }),
  ];
}

/** Midnight at the start of `at`'s month in Asia/Karachi (UTC+5, no daylight saving). */
export function startOfMonthKarachi(at: Date): Date {
  const local = new Date(at.getTime() + 5 * 60 * 60_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - 5 * 60 * 60_000);
}

/** Writes the business with plain SQL (json_populate_recordset: one statement per table). */
export async function insertBusiness(pool: pg.Pool, accounts: TestAccount[]): Promise<void> {
  const rows = <T>(pick: (account: TestAccount) => T[]) => JSON.stringify(accounts.flatMap(pick));
  await pool.query(
    `INSERT INTO accounts (id, name, plan, status, custom_price_paisa, created_at, updated_at)
     SELECT id, name, plan, status, custom_price_paisa, created_at, now()
       FROM json_populate_recordset(null::accounts, $1)`,
    [
      rows((a) => [
        {
          id: a.id,
          name: a.name,
          plan: a.plan,
          status: a.status,
          custom_price_paisa: a.customPricePaisa,
          created_at: a.createdAt,
        },
      ]),
    ],
  );
  await pool.query(
    `WITH u AS (
       INSERT INTO users (id, email, created_at, updated_at)
       SELECT 'u-' || r.id, r.email, now(), now() FROM json_to_recordset($1) AS r(id text, email text)
       RETURNING id)
     INSERT INTO memberships (user_id, account_id) SELECT id, substr(id, 3) FROM u`,
    [rows((a) => [{ id: a.id, email: a.email }])],
  );
  await pool.query(
    `INSERT INTO subscriptions (id, account_id, customer_id, status, plan, price_id, amount_paisa,
       current_period_start, current_period_end, cancel_at_period_end, canceled_at, created_at, updated_at)
     SELECT id, account_id, 'cus_' || account_id, status, plan, 'price_' || plan, amount_paisa,
            created_at, COALESCE(current_period_end, now() + interval '10 days'),
            COALESCE(cancel_at_period_end, false), canceled_at, created_at, COALESCE(updated_at, now())
       FROM json_populate_recordset(null::subscriptions, $1)`,
    [
      rows((a) =>
        a.subscriptions.map((s) => ({
          id: s.id,
          account_id: a.id,
          status: s.status,
          plan: s.plan,
          amount_paisa: s.amountPaisa,
          created_at: s.createdAt,
          current_period_end: s.currentPeriodEnd ?? null,
          cancel_at_period_end: s.cancelAtPeriodEnd ?? false,
          canceled_at: s.canceledAt ?? null,
          updated_at: s.updatedAt ?? null,
        })),
      ),
    ],
  );
  await pool.query(
    `INSERT INTO invoices (id, account_id, status, amount_due, amount_paid, period_start, period_end, paid_at)
     SELECT id, account_id, status, amount_due, amount_paid, COALESCE(paid_at, now()),
            COALESCE(paid_at, now()) + interval '1 month', paid_at
       FROM json_populate_recordset(null::invoices, $1)`,
    [
      rows((a) =>
        a.invoices.map((i) => ({
          id: i.id,
          account_id: a.id,
          status: i.status,
          amount_due: i.amountPaisa,
          amount_paid: i.status === "paid" ? i.amountPaisa : 0,
          paid_at: i.paidAt,
        })),
      ),
    ],
  );
  await pool.query(
    `INSERT INTO usage_daily (account_id, day, key_id, endpoint, model, requests, billed_requests,
                              tokens_in, tokens_out, cost_paisa)
     SELECT account_id, day, '', endpoint, model, requests, requests, tokens_in, tokens_out, cost_paisa
       FROM json_populate_recordset(null::usage_daily, $1)`,
    [
      rows((a) =>
        a.usage.map((u) => ({
          account_id: a.id,
          day: u.day,
          endpoint: u.endpoint,
          model: u.model,
          requests: u.requests,
          tokens_in: u.tokensIn,
          tokens_out: u.tokensOut,
          cost_paisa: u.costPaisa,
        })),
      ),
    ],
  );
}
