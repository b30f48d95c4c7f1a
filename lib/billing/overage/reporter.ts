import type { Prisma } from "@/lib/generated/prisma/client";
import type { BillingDeps } from "../sync";
import { OVERAGE_EVENT } from "./catalog";
import { ensureOverageItem } from "./subscription-item";

export interface ReportRound {
  /** Reports claimed this round (one per account with unreported postpaid charges). */
  claimed: number;
  /** Meter events sent (this round's claims and any left unsent by an earlier round). */
  sent: number;
}

/**
 * Claims an account's unreported postpaid charges into one report, in one transaction: the report
 * row (its id is the meter event's identifier, the account's next number) and every charge marked
 * with it. Serialized per account, so two web instances never claim the same charge.
 */
async function claim(
  tx: Prisma.TransactionClient,
  accountId: string,
  customerId: string,
  now: Date,
): Promise<boolean> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`darwaza.overage:${accountId}`}, 0))`;
  const last = await tx.overageReport.aggregate({ where: { accountId }, _max: { seq: true } });
  const seq = (last._max.seq ?? 0) + 1;
  const id = `darwaza-overage:${accountId}:${seq}`;
  await tx.overageReport.create({
    data: { id, accountId, seq, customerId, amountMicros: 0n, charges: 0, eventAt: now },
  });
  const [total] = await tx.$queryRaw<{ micros: bigint | null; charges: number }[]>`
    WITH marked AS (
      UPDATE postpaid_charges SET report_id = ${id}
      WHERE account_id = ${accountId} AND report_id IS NULL
      RETURNING amount_micros
    )
    SELECT SUM(amount_micros)::bigint AS micros, COUNT(*)::int AS charges FROM marked`;
  if (total.charges === 0) {
    await tx.overageReport.delete({ where: { id } });
    return false;
  }
  await tx.overageReport.update({
    where: { id },
    data: { amountMicros: total.micros ?? 0n, charges: total.charges },
  });
  return true;
}

/**
 * One round of the overage reporter (every ~60 s in the web process): each account's new postpaid
 * charges become ONE meter event. Claim first (charges marked, identifier fixed, in one
 * transaction), then send, then mark sent: a crash after the send resends the same identifier,
 * which Stripe ignores, so every charge is counted exactly once. The event's timestamp is the
 * claim's time: usage claimed after a period's end is billed in the next period.
 */
export async function reportOverage(
  deps: Pick<BillingDeps, "db" | "stripe" | "now">,
): Promise<ReportRound> {
  const now = deps.now();
  const pending = await deps.db.$queryRaw<{ account_id: string; customer: string | null }[]>`
    SELECT DISTINCT c.account_id, a.stripe_customer_id AS customer
    FROM postpaid_charges c JOIN accounts a ON a.id = c.account_id
    WHERE c.report_id IS NULL`;
  let claimed = 0;
  for (const { account_id: accountId, customer } of pending) {
    // Without a customer there is nothing to bill on: the charges wait (and stay in our books).
    if (!customer) continue;
    if (await deps.db.$transaction((tx) => claim(tx, accountId, customer, now))) claimed++;
  }
  const unsent = await deps.db.overageReport.findMany({
    where: { sentAt: null },
    orderBy: { createdAt: "asc" },
  });
  let sent = 0;
  for (const report of unsent) {
    await ensureOverageItem(deps, report.customerId);
    await deps.stripe.billing.meterEvents.create({
      event_name: OVERAGE_EVENT,
      identifier: report.id,
      timestamp: Math.floor(report.eventAt.getTime() / 1000),
      payload: { stripe_customer_id: report.customerId, value: report.amountMicros.toString() },
    });
    await deps.db.overageReport.update({ where: { id: report.id }, data: { sentAt: deps.now() } });
    sent++;
  }
  return { claimed, sent };
}
