import type Stripe from "stripe";
import type { RefundRecord } from "../records";
import type { Sent } from "../sent";

export type RefundJson = Sent<Stripe.Refund>;

export function renderRefund(record: RefundRecord): RefundJson {
  return {
    id: record.id,
    object: "refund",
    amount: record.amount,
    balance_transaction: `txn_${record.id.slice(3)}`,
    charge: record.charge,
    created: record.created,
    currency: record.currency,
    customer: record.customer,
    customer_account: null,
    destination_details: {
      type: "card",
      card: {
        reference_status: "pending",
        reference_type: "acquirer_reference_number",
        type: "refund",
      },
    },
    metadata: record.metadata,
    payment_intent: record.paymentIntent,
    payment_method: null,
    reason: record.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: record.status,
    transfer_reversal: null,
  };
}
