import { env } from "@/lib/config/env";
import { calendarMonth } from "@/lib/gateway/credit/sync";
import { displayKey } from "@/lib/keys/format";
import { accountPlan } from "@/lib/plans/store";
import { db } from "@/lib/services";
import { balanceOf, creditSpendSince, type LedgerLine, recentEntries } from "./reads";

export interface KeySpend {
  id: string;
  label: string;
  display: string;
  capMicros: bigint | null;
  monthSpentMicros: bigint;
}

export interface CreditOverview {
  balanceMicros: bigint;
  /** Charged to credit since the calendar month began (business time zone). */
  monthSpentMicros: bigint;
  month: string;
  capMicros: bigint | null;
  postpaid: boolean;
  /** Whether the account's plan version allows postpaid overage (paid plans). */
  postpaidAllowed: boolean;
  keys: KeySpend[];
  entries: LedgerLine[];
}

/** Everything the credit page shows of one account; null when there is no such account. */
export async function creditOverview(accountId: string): Promise<CreditOverview | null> {
  const { month, startMs } = calendarMonth(Date.now(), env().DARWAZA_TIMEZONE);
  const [account, keys, balance, spend, entries, terms] = await Promise.all([
    db().account.findUnique({
      where: { id: accountId },
      select: { plan: true, spendCapMonthlyMicros: true, postpaidOverage: true },
    }),
    db().apiKey.findMany({
      where: { accountId, revokedAt: null },
      orderBy: { createdAt: "asc" },
      select: { id: true, label: true, last4: true, prefix: true, spendCapMonthlyMicros: true },
    }),
    balanceOf(accountId),
    creditSpendSince(accountId, new Date(startMs)),
    recentEntries(accountId, 50),
    accountPlan(db(), accountId),
  ]);
  if (!account) return null;
  return {
    balanceMicros: balance,
    monthSpentMicros: spend.total,
    month,
    capMicros: account.spendCapMonthlyMicros,
    postpaid: account.postpaidOverage,
    // The version the account is held to must allow overage (Starter/Pro by default).
    postpaidAllowed: terms.overageAllowed && (terms.monthlyPricePaisa ?? 1) > 0,
    keys: keys.map((key) => ({
      id: key.id,
      label: key.label,
      display: displayKey(key.last4),
      capMicros: key.spendCapMonthlyMicros,
      monthSpentMicros: spend.byKey.get(key.id) ?? 0n,
    })),
    entries,
  };
}
