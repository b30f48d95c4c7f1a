import type Stripe from "stripe";
import { lockAccount } from "../account-lock";
import { type BillingDeps, type PlanChange, syncAccount } from "../sync";
import { creditPaymentOf, processCreditEvent } from "../topups/webhook";
import { emitInvoiceEvent } from "./account-events";
import { claimEvent, isDone, recordFailure, recordIgnored } from "./event-log";
import { refsOfEvent } from "./event-refs";
import { fetchFresh } from "./fetch-fresh";
import { type EventRefs, idOf } from "./refs";
import { resolveAccount } from "./resolve-account";

export type ProcessOutcome =
  | { status: "processed"; accountId: string; change: PlanChange | null }
  | { status: "duplicate" }
  | { status: "ignored"; reason: string };

async function ignore(
  deps: BillingDeps,
  event: Stripe.Event,
  reason: string,
): Promise<ProcessOutcome> {
  await recordIgnored(deps.db, event, reason, deps.now());
  return { status: "ignored", reason };
}

/**
 * Processes one verified event exactly once. The event id is claimed in the same transaction as
 * its effect: a duplicate (even a concurrent one, which waits on the first's row) claims nothing
 * and changes nothing; an error rolls both back (the failure is noted for the admin) so Stripe's
 * retry starts clean. Inside the account lock the subscription and invoice are fetched from
 * Stripe and synced, so events may arrive in any order and the newest state still wins.
 */
export async function processEvent(
  event: Stripe.Event,
  deps: BillingDeps,
): Promise<ProcessOutcome> {
  // A cheap early answer for redeliveries; the claim below is what actually guarantees once.
  if (await isDone(deps.db, event.id)) return { status: "duplicate" };
  // Top-ups and auto-recharges: credit in the ledger, exactly once by payment (lib/billing/topups).
  const payment = creditPaymentOf(event);
  if (payment) return processCreditEvent(event, payment, deps);
  const refs = refsOfEvent(event);
  if (!refs) return ignore(deps, event, "not an event Darwaza acts on");
  try {
    const accountId = await resolveAccount(deps.db, deps.stripe, refs);
    if (!accountId) return ignore(deps, event, `no account for customer ${refs.customerId ?? "?"}`);
    const outcome = await applyEvent(event, refs, accountId, deps);
    if (outcome.status === "processed" && outcome.change) deps.invalidate(accountId);
    return outcome;
  } catch (error) {
    await recordFailure(deps.db, event, error);
    throw error;
  }
}

function applyEvent(event: Stripe.Event, refs: EventRefs, accountId: string, deps: BillingDeps) {
  return deps.db.$transaction(
    async (tx): Promise<ProcessOutcome> => {
      if (!(await claimEvent(tx, event, accountId))) return { status: "duplicate" };
      const account = await lockAccount(tx, accountId);
      if (!account) throw new Error(`Account ${accountId} vanished`);
      if (!account.stripeCustomerId && refs.customerId) {
        await tx.account.update({
          where: { id: accountId },
          data: { stripeCustomerId: refs.customerId },
        });
        account.stripeCustomerId = refs.customerId;
      }
      const fresh = await fetchFresh(deps.stripe, refs);
      // Only objects of this account's own customer are mirrored onto it.
      const ours = (customer: string | Stripe.Customer | Stripe.DeletedCustomer | null) =>
        idOf(customer) === account.stripeCustomerId;
      const subscriptions =
        fresh.subscription && ours(fresh.subscription.customer) ? [fresh.subscription] : [];
      const invoices = fresh.invoice && ours(fresh.invoice.customer) ? [fresh.invoice] : [];
      const change = await syncAccount(
        tx,
        deps,
        account,
        { subscriptions, invoices },
        { kind: "webhook", eventId: event.id, eventType: event.type },
      );
      await emitInvoiceEvent(tx, event, accountId, invoices[0] ?? null);
      await tx.stripeEvent.update({
        where: { id: event.id },
        data: { status: "processed", processedAt: deps.now() },
      });
      return { status: "processed", accountId, change };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}
