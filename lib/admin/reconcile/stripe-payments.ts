import type Stripe from "stripe";
import { paisaToMicros } from "@/lib/billing/topups/amounts";
import { isCreditPayment } from "@/lib/billing/topups/payment";

/** A succeeded credit payment as Stripe has it now, with its succeeded refunds (micros). */
export interface StripeCreditPayment {
  paymentId: string;
  customerId: string | null;
  receivedMicros: bigint;
  refunds: Map<string, bigint>;
}

function idOf(value: string | { id: string } | null): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/**
 * Every succeeded credit payment (metadata purpose topup / auto_recharge, in PKR) and its
 * succeeded refunds, read from Stripe (or the emulator) with auto-pagination: two listings, not
 * one call per account, so a payment whose webhook never arrived is found too.
 */
export async function stripeCreditPayments(stripe: Stripe): Promise<StripeCreditPayment[]> {
  const payments = new Map<string, StripeCreditPayment>();
  for await (const intent of stripe.paymentIntents.list({ limit: 100 })) {
    if (intent.status !== "succeeded" || !isCreditPayment(intent)) continue;
    payments.set(intent.id, {
      paymentId: intent.id,
      customerId: idOf(intent.customer),
      receivedMicros: paisaToMicros(intent.amount_received),
      refunds: new Map(),
    });
  }
  for await (const refund of stripe.refunds.list({ limit: 100 })) {
    const payment = payments.get(idOf(refund.payment_intent) ?? "");
    if (payment && refund.status === "succeeded")
      payment.refunds.set(refund.id, paisaToMicros(refund.amount));
  }
  return [...payments.values()];
}
