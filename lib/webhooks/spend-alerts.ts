import type { PrismaClient } from "@/lib/generated/prisma/client";
import { FIRE_NEW_ALERTS } from "./fire-sql";

/**
 * Spend-cap and low-credit alerts, checked by the worker every few seconds from the ledger (the
 * gateway's hold already keeps every cap exact; this only tells the customer, off the hot path,
 * within one check of the crossing). Each is one statement ending in FIRE_NEW_ALERTS, so a
 * threshold fires once per month (caps) or once per credit level (low credit: a top-up, grant or
 * refund re-arms it), however many instances check.
 */
const CAPS = `
WITH spend AS (
  SELECT account_id, key_id, sum(spent) AS spent FROM (
    SELECT account_id, key_id, -amount_micros AS spent FROM ledger_entries
     WHERE kind = 'usage' AND created_at >= $1
    UNION ALL
    SELECT account_id, key_id, amount_micros FROM postpaid_charges WHERE created_at >= $1) s
  GROUP BY account_id, key_id),
caps AS (
  SELECT a.id AS account_id, 'account-cap' AS kind, a.spend_cap_monthly_micros AS cap,
         (SELECT sum(s.spent) FROM spend s WHERE s.account_id = a.id) AS spent,
         NULL::text AS key_id, NULL::text AS label
    FROM accounts a
   WHERE a.spend_cap_monthly_micros > 0 AND a.id IN (SELECT account_id FROM spend)
  UNION ALL
  SELECT k.account_id, 'key-cap:' || k.id, k.spend_cap_monthly_micros, s.spent, k.id, k.label
    FROM api_keys k JOIN spend s ON s.key_id = k.id
   WHERE k.spend_cap_monthly_micros > 0),
input AS (
  SELECT c.account_id, c.kind, p.percent AS threshold, $2::text AS period,
         'spend_cap.threshold_reached' AS type,
         jsonb_strip_nulls(jsonb_build_object(
           'scope', CASE WHEN c.key_id IS NULL THEN 'account' ELSE 'key' END,
           'key_id', c.key_id, 'label', c.label, 'percent', p.percent, 'month', $2::text,
           'cap_pkr', to_char(c.cap / 1e6, 'FM999999999990.00'),
           'spent_pkr', to_char(c.spent / 1e6, 'FM999999999990.00'),
           'cap_micros', c.cap, 'spent_micros', c.spent)) AS payload
    FROM caps c CROSS JOIN (VALUES (50), (80), (100)) AS p(percent)
   WHERE c.spent * 100 >= c.cap * p.percent),
${FIRE_NEW_ALERTS}`;

const LOW_CREDIT = `
WITH balances AS (
  SELECT s.account_id, s.low_credit_micros AS threshold,
         COALESCE(sum(l.amount_micros), 0) AS balance,
         count(l.*) FILTER (WHERE l.kind <> 'usage') AS version
    FROM alert_settings s LEFT JOIN ledger_entries l ON l.account_id = s.account_id
   WHERE s.low_credit_micros IS NOT NULL
   GROUP BY s.account_id, s.low_credit_micros),
input AS (
  SELECT account_id, 'low-credit' AS kind, 0 AS threshold, version::text AS period,
         'credit.low' AS type,
         jsonb_build_object(
           'balance_pkr', to_char(balance / 1e6, 'FM999999999990.00'),
           'threshold_pkr', to_char(threshold / 1e6, 'FM999999999990.00'),
           'balance_micros', balance, 'threshold_micros', threshold) AS payload
    FROM balances WHERE balance < threshold),
${FIRE_NEW_ALERTS}`;

/** One check of every cap and low-credit threshold; returns how many alerts fired. */
export async function checkSpendAlerts(
  db: PrismaClient,
  month: { month: string; startMs: number },
): Promise<number> {
  const [caps, low] = await Promise.all([
    db.$queryRawUnsafe<{ fired: number }[]>(CAPS, new Date(month.startMs), month.month),
    db.$queryRawUnsafe<{ fired: number }[]>(LOW_CREDIT),
  ]);
  return (caps[0]?.fired ?? 0) + (low[0]?.fired ?? 0);
}

/** The account's low-credit threshold in micros (null: no alert). */
export async function lowCreditThreshold(
  db: PrismaClient,
  accountId: string,
): Promise<bigint | null> {
  const row = await db.alertSettings.findUnique({ where: { accountId } });
  return row?.lowCreditMicros ?? null;
}

export async function setLowCreditThreshold(
  db: PrismaClient,
  accountId: string,
  micros: number | null,
): Promise<void> {
  const value = micros === null ? null : BigInt(micros);
  await db.alertSettings.upsert({
    where: { accountId },
    create: { accountId, lowCreditMicros: value },
    update: { lowCreditMicros: value, updatedAt: new Date() },
  });
}
