import type Stripe from "stripe";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The stripe_events ledger. A row is `processed` or `ignored` once its effect (if any) committed,
 * and `failed` (with the error, for the admin's webhook view) when processing threw — a failed row
 * does not count as done, so Stripe's retry processes the event again.
 */

/** Inserts the event as being processed, or takes over a failed row; false when it is already done. */
export async function claimEvent(
  tx: Prisma.TransactionClient,
  event: Stripe.Event,
  accountId: string,
): Promise<boolean> {
  // A concurrent duplicate blocks on the row until the first transaction ends, then finds it done.
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO stripe_events (id, type, account_id, status)
    VALUES (${event.id}, ${event.type}, ${accountId}, 'processing')
    ON CONFLICT (id) DO UPDATE SET status = 'processing', error = NULL, account_id = EXCLUDED.account_id
      WHERE stripe_events.status = 'failed'
    RETURNING id`;
  return rows.length === 1;
}

export async function isDone(db: PrismaClient, eventId: string): Promise<boolean> {
  const row = await db.stripeEvent.findUnique({ where: { id: eventId }, select: { status: true } });
  return row !== null && row.status !== "failed";
}

export async function recordIgnored(
  db: PrismaClient,
  event: Stripe.Event,
  reason: string,
  now: Date,
): Promise<void> {
  await db.stripeEvent.createMany({
    data: [{ id: event.id, type: event.type, status: "ignored", error: reason, processedAt: now }],
    skipDuplicates: true,
  });
}

/** "StripeConnectionError: …", "PrismaClientKnownRequestError: …": what failed, in one line. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Stripe's errors carry their class in `type`; their `name` is a plain "Error".
  const kind = "type" in error && typeof error.type === "string" ? error.type : error.name;
  const firstLine = error.message.split("\n").find((line) => line.trim() !== "") ?? "";
  return `${kind}: ${firstLine.trim()}`.slice(0, 1_000);
}

/** Best effort (the database may be what failed): note the error where the admin can see it. */
export async function recordFailure(
  db: PrismaClient,
  event: Stripe.Event,
  error: unknown,
): Promise<void> {
  const message = describeError(error);
  await db.$executeRaw`
    INSERT INTO stripe_events (id, type, status, error)
    VALUES (${event.id}, ${event.type}, 'failed', ${message})
    ON CONFLICT (id) DO UPDATE SET error = EXCLUDED.error WHERE stripe_events.status = 'failed'`.catch(
    () => undefined,
  );
}
