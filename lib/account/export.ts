import { env } from "@/lib/config/env";
import { db } from "@/lib/services";

/** A JSON-safe copy: BigInt money (micro-rupees) and rollup counts become decimal strings. */
function plain<T>(value: T): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  );
}

interface UsageDebitMonth {
  month: string;
  calls: bigint;
  amount_micros: bigint;
}

/**
 * Everything Darwaza keeps about a user and the account they act for, as one JSON document:
 * profile, the account, keys (metadata only: never a hash or a secret), usage by month and model,
 * subscriptions, invoices and the credit ledger. Every read is scoped to this user and account.
 * Usage debits of the ledger (one per call paid from credit) are summed by month; the per-call
 * detail is the usage CSV export's.
 */
export async function exportAccountData(userId: string, accountId: string) {
  const prisma = db();
  const timeZone = env().DARWAZA_TIMEZONE;
  const [user, account, keys, monthly, byModel, subscriptions, invoices, ledger, usageDebits] =
    await Promise.all([
      prisma.user.findUniqueOrThrow({
        where: { id: userId },
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          emailVerifiedAt: true,
          createdAt: true,
          identities: { select: { provider: true, createdAt: true } },
          memberships: { where: { accountId }, select: { role: true, createdAt: true } },
        },
      }),
      prisma.account.findUniqueOrThrow({
        where: { id: accountId },
        select: {
          id: true,
          name: true,
          plan: true,
          status: true,
          createdAt: true,
          spendCapMonthlyMicros: true,
          postpaidOverage: true,
        },
      }),
      prisma.apiKey.findMany({
        where: { accountId },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          label: true,
          prefix: true,
          last4: true,
          createdAt: true,
          lastUsedAt: true,
          expiresAt: true,
          revokedAt: true,
          spendCapMonthlyMicros: true,
        },
      }),
      prisma.usageMonthly.findMany({
        where: { accountId },
        orderBy: { month: "asc" },
        omit: { accountId: true },
      }),
      prisma.usageDaily.groupBy({
        by: ["model", "endpoint"],
        where: { accountId },
        _sum: { requests: true, tokensIn: true, tokensOut: true, costPaisa: true },
        orderBy: [{ model: "asc" }, { endpoint: "asc" }],
      }),
      prisma.subscription.findMany({
        where: { accountId },
        orderBy: { createdAt: "asc" },
        omit: { accountId: true },
      }),
      prisma.invoice.findMany({
        where: { accountId },
        orderBy: { createdAt: "asc" },
        omit: { accountId: true },
      }),
      prisma.ledgerEntry.findMany({
        where: { accountId, kind: { not: "usage" } },
        orderBy: { createdAt: "asc" },
        omit: { accountId: true },
      }),
      prisma.$queryRaw<UsageDebitMonth[]>`
        SELECT to_char(created_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month,
               count(*) AS calls, sum(amount_micros) AS amount_micros
        FROM ledger_entries WHERE account_id = ${accountId} AND kind = 'usage'
        GROUP BY 1 ORDER BY 1`,
    ]);
  const { memberships, ...profile } = user;
  return plain({
    exportedAt: new Date(),
    profile: { ...profile, accountRole: memberships[0]?.role ?? null },
    account,
    keys,
    usage: {
      timeZone,
      monthly,
      byModel: byModel.map((row) => ({ model: row.model, endpoint: row.endpoint, ...row._sum })),
    },
    subscriptions,
    invoices,
    ledger: { entries: ledger, usageDebitsByMonth: usageDebits },
  }) as Record<string, unknown>;
}
