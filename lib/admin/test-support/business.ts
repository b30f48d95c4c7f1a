/**
 * A small business in plain data, for tests: accounts with their subscriptions, invoices and
 * daily usage, and the figures the admin console should show for it, computed here in plain
 * TypeScript (not with the console's SQL) so the two can check each other.
 */
export interface TestSubscription {
  id: string;
  status: string;
  plan: string;
  amountPaisa: number;
  createdAt: Date;
  canceledAt?: Date | null;
  cancelAtPeriodEnd?: boolean;
  currentPeriodEnd?: Date;
  updatedAt?: Date;
}

export interface TestInvoice {
  id: string;
  status: string;
  amountPaisa: number;
  paidAt: Date | null;
}

export interface TestUsage {
  /** "2026-06-03", a business-zone day. */
  day: string;
  endpoint: string;
  model: string;
  requests: number;
  tokensIn: number;
  tokensOut: number;
  costPaisa: number;
}

export interface TestAccount {
  id: string;
  name: string;
  email: string;
  plan: string;
  status: "active" | "suspended";
  customPricePaisa: number | null;
  createdAt: Date;
  subscriptions: TestSubscription[];
  invoices: TestInvoice[];
  usage: TestUsage[];
}

const BILLED = new Set(["active", "past_due"]);

/** "2026-06" for the month `date` falls in, in `timeZone`. */
export function monthOf(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
  }).formatToParts(date);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value;
  return `${part("year")}-${part("month")}`;
}

/** The last `count` months up to the one holding `at`, oldest first. */
export function lastMonths(at: Date, timeZone: string, count: number): string[] {
  const [year, month] = monthOf(at, timeZone).split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, index) => {
    const back = count - 1 - index;
    const date = new Date(Date.UTC(year, month - 1 - back, 1));
    return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
  });
}

/** When a cancelled subscription stopped: its period end if it ran out, else when cancelled. */
function endedAt(sub: TestSubscription): Date {
  if (sub.cancelAtPeriodEnd && sub.currentPeriodEnd) {
    const updated = sub.updatedAt ?? sub.currentPeriodEnd;
    return new Date(Math.min(sub.currentPeriodEnd.getTime(), updated.getTime()));
  }
  return sub.canceledAt ?? sub.updatedAt ?? sub.createdAt;
}

export interface ExpectedRevenue {
  mrrPaisa: number;
  subscribers: number;
  byPlan: Record<string, { accounts: number; subscribers: number; mrrPaisa: number }>;
  newThisMonth: number;
  churnedThisMonth: number;
  collectedByMonth: Record<string, number>;
}

export function expectedRevenue(
  accounts: TestAccount[],
  at: Date,
  timeZone: string,
): ExpectedRevenue {
  const thisMonth = monthOf(at, timeZone);
  const months = lastMonths(at, timeZone, 12);
  const result: ExpectedRevenue = {
    mrrPaisa: 0,
    subscribers: 0,
    byPlan: {},
    newThisMonth: 0,
    churnedThisMonth: 0,
    collectedByMonth: Object.fromEntries(months.map((month) => [month, 0])),
  };
  const plan = (id: string) => {
    result.byPlan[id] ??= { accounts: 0, subscribers: 0, mrrPaisa: 0 };
    return result.byPlan[id];
  };
  for (const account of accounts) {
    plan(account.plan).accounts++;
    const paying = new Map<string, number>();
    if (account.plan === "enterprise") {
      if ((account.customPricePaisa ?? 0) > 0)
        paying.set("enterprise", account.customPricePaisa ?? 0);
    } else {
      for (const sub of account.subscriptions.filter((candidate) => BILLED.has(candidate.status))) {
        paying.set(sub.plan, (paying.get(sub.plan) ?? 0) + sub.amountPaisa);
      }
    }
    for (const [id, amount] of paying) {
      plan(id).subscribers++;
      plan(id).mrrPaisa += amount;
      result.mrrPaisa += amount;
    }
    if (paying.size > 0) result.subscribers++;
    for (const sub of account.subscriptions) {
      const started = monthOf(sub.createdAt, timeZone) === thisMonth && sub.createdAt <= at;
      if (started && !sub.status.startsWith("incomplete")) result.newThisMonth++;
      if (sub.status === "canceled" && monthOf(endedAt(sub), timeZone) === thisMonth) {
        result.churnedThisMonth++;
      }
    }
    for (const invoice of account.invoices) {
      if (invoice.status !== "paid" || !invoice.paidAt || invoice.paidAt > at) continue;
      const month = monthOf(invoice.paidAt, timeZone);
      if (month in result.collectedByMonth) result.collectedByMonth[month]! += invoice.amountPaisa;
    }
  }
  return result;
}

/** This month's requests and tokens of one account, from its usage rows. */
export function expectedMonthUsage(account: TestAccount, at: Date, timeZone: string) {
  const thisMonth = monthOf(at, timeZone);
  const rows = account.usage.filter((row) => row.day.slice(0, 7) === thisMonth);
  return {
    requests: rows.reduce((sum, row) => sum + row.requests, 0),
    tokens: rows.reduce((sum, row) => sum + row.tokensIn + row.tokensOut, 0),
    costPaisa: rows.reduce((sum, row) => sum + row.costPaisa, 0),
  };
}
