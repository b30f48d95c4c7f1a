/**
 * What the emulator stores. Records hold references as ids; the resource files render them into
 * Stripe's JSON shapes on the way out (so an embedded price is always the price as it is now, as in
 * Stripe).
 */
export type Metadata = Record<string, string>;

export interface CustomerRecord {
  id: string;
  created: number;
  email: string | null;
  name: string | null;
  description: string | null;
  metadata: Metadata;
  invoicePrefix: string;
  /** Last four digits of the card saved at checkout, shown on the hosted portal. */
  cardLast4: string | null;
  /** invoice_settings.default_payment_method: what renewals charge. */
  defaultPaymentMethod: string | null;
  deleted: boolean;
}

export interface ProductRecord {
  id: string;
  created: number;
  updated: number;
  name: string;
  description: string | null;
  active: boolean;
  metadata: Metadata;
  defaultPrice: string | null;
}

export interface PriceRecord {
  id: string;
  created: number;
  product: string;
  currency: string;
  /** null when the price is only expressible in decimals (`unitAmountDecimal` "0.25"). */
  unitAmount: number | null;
  /** The exact per-unit amount in the currency's minor unit, up to 12 decimals ("0.0025"). */
  unitAmountDecimal: string;
  /** null for one-time prices. */
  recurring: {
    interval: "day" | "week" | "month" | "year";
    intervalCount: number;
    usageType: "licensed" | "metered";
    /** The billing meter a metered price is billed from. */
    meter: string | null;
  } | null;
  lookupKey: string | null;
  nickname: string | null;
  active: boolean;
  metadata: Metadata;
}

export interface LineItemRecord {
  id: string;
  price: string;
  quantity: number;
}

export interface CheckoutPaymentData {
  setupFutureUsage: "off_session" | "on_session" | null;
  metadata: Metadata;
  description: string | null;
}

export interface CheckoutSessionRecord {
  id: string;
  created: number;
  expiresAt: number;
  mode: "payment" | "setup" | "subscription";
  customer: string | null;
  customerEmail: string | null;
  clientReferenceId: string | null;
  metadata: Metadata;
  subscriptionMetadata: Metadata;
  lineItems: LineItemRecord[];
  successUrl: string | null;
  cancelUrl: string | null;
  status: "open" | "complete" | "expired";
  paymentStatus: "paid" | "unpaid" | "no_payment_required";
  subscription: string | null;
  invoice: string | null;
  /** mode=payment: what the PaymentIntent made on payment carries, and that PaymentIntent. */
  paymentData: CheckoutPaymentData | null;
  paymentIntent: string | null;
}

export interface PortalConfigurationRecord {
  id: string;
  created: number;
  updated: number;
  active: boolean;
  isDefault: boolean;
  metadata: Metadata;
  headline: string | null;
  defaultReturnUrl: string | null;
  /** Products (and their prices) a customer may switch between; empty disables switching. */
  updateProducts: { product: string; prices: string[] }[];
  updateEnabled: boolean;
  prorationBehavior: "always_invoice" | "create_prorations" | "none";
  cancelEnabled: boolean;
  cancelMode: "at_period_end" | "immediately";
  paymentMethodUpdate: boolean;
  invoiceHistory: boolean;
}

export interface PortalSessionRecord {
  id: string;
  created: number;
  customer: string;
  configuration: string;
  returnUrl: string | null;
}

export type SubscriptionStatus =
  | "active"
  | "canceled"
  | "incomplete"
  | "incomplete_expired"
  | "past_due"
  | "paused"
  | "trialing"
  | "unpaid";

export interface SubscriptionItemRecord {
  id: string;
  created: number;
  price: string;
  quantity: number;
}

export interface SubscriptionRecord {
  id: string;
  created: number;
  customer: string;
  status: SubscriptionStatus;
  items: SubscriptionItemRecord[];
  currentPeriodStart: number;
  currentPeriodEnd: number;
  billingCycleAnchor: number;
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  canceledAt: number | null;
  endedAt: number | null;
  cancellationReason: "cancellation_requested" | "payment_disputed" | "payment_failed" | null;
  latestInvoice: string | null;
  metadata: Metadata;
  startDate: number;
  defaultPaymentMethod: string | null;
  /** First second of usage the next invoice bills (metered items are billed in arrears). */
  usageStart: number;
}

export interface InvoiceLineRecord {
  id: string;
  price: string;
  subscriptionItem: string | null;
  quantity: number;
  amount: number;
  /** Metered usage: the price's unit amount (decimal) the quantity was billed at. */
  unitAmountDecimal?: string;
  description: string;
  periodStart: number;
  periodEnd: number;
}

export interface InvoiceRecord {
  id: string;
  created: number;
  customer: string;
  subscription: string | null;
  number: string;
  status: "draft" | "open" | "paid" | "uncollectible" | "void";
  billingReason: "subscription_create" | "subscription_cycle" | "subscription_update" | "manual";
  currency: string;
  lines: InvoiceLineRecord[];
  amountDue: number;
  amountPaid: number;
  attemptCount: number;
  finalizedAt: number | null;
  paidAt: number | null;
  periodStart: number;
  periodEnd: number;
  nextPaymentAttempt: number | null;
}

/** A saved card; `card` is the test number's behaviour, never a real card. */
export interface PaymentMethodRecord {
  id: string;
  created: number;
  customer: string | null;
  card: {
    /** The test card's key in cards.ts (e.g. "4242424242424242"). */
    number: string;
    brand: string;
    last4: string;
    expMonth: number;
    expYear: number;
    fingerprint: string;
  };
  /** Authenticated for off-session use (setup_future_usage), which some test cards require. */
  setUpOffSession: boolean;
  billingEmail: string | null;
  billingName: string | null;
  metadata: Metadata;
}

export type PaymentIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "requires_capture"
  | "canceled"
  | "succeeded";

export interface PaymentErrorRecord {
  type: "card_error" | "invalid_request_error";
  code: string;
  declineCode: string | null;
  message: string;
  charge: string | null;
  paymentMethod: string | null;
}

export interface PaymentIntentRecord {
  id: string;
  created: number;
  amount: number;
  amountReceived: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Metadata;
  paymentMethod: string | null;
  setupFutureUsage: "off_session" | "on_session" | null;
  status: PaymentIntentStatus;
  latestCharge: string | null;
  lastPaymentError: PaymentErrorRecord | null;
  canceledAt: number | null;
  cancellationReason: string | null;
  clientSecret: string;
  /** Where to send the customer back after the hosted authentication page (requires_action). */
  returnUrl: string | null;
  receiptEmail: string | null;
  /** The Checkout Session that made it, if any. */
  checkoutSession: string | null;
}

export interface ChargeRecord {
  id: string;
  created: number;
  amount: number;
  amountRefunded: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Metadata;
  paymentIntent: string;
  paymentMethod: string;
  status: "succeeded" | "failed";
  failureCode: string | null;
  failureMessage: string | null;
  declineCode: string | null;
  receiptEmail: string | null;
}

export interface RefundRecord {
  id: string;
  created: number;
  amount: number;
  charge: string;
  paymentIntent: string;
  customer: string | null;
  currency: string;
  reason: "duplicate" | "fraudulent" | "requested_by_customer" | null;
  metadata: Metadata;
  status: "succeeded";
}

export interface MeterRecord {
  id: string;
  created: number;
  updated: number;
  displayName: string;
  eventName: string;
  formula: "count" | "last" | "sum";
  customerPayloadKey: string;
  valuePayloadKey: string;
  eventTimeWindow: "day" | "hour" | null;
  status: "active" | "inactive";
  deactivatedAt: number | null;
}

export interface MeterEventRecord {
  identifier: string;
  created: number;
  eventName: string;
  meter: string;
  customer: string;
  /** The payload's value, an integer as a decimal string. */
  value: string;
  timestamp: number;
  payload: Record<string, string>;
}

export interface EventRecord {
  id: string;
  created: number;
  type: string;
  /** The object as it was when the event happened (a rendered Stripe object). */
  object: unknown;
  previousAttributes: Record<string, unknown> | null;
  requestId: string | null;
  idempotencyKey: string | null;
}

export interface IdempotencyRecord {
  method: string;
  path: string;
  /** The request's parameters, to refuse a reused key with different ones. */
  fingerprint: string;
  status: number;
  body: string;
  created: number;
}

export interface EmulatorData {
  version: 1;
  /** Monotonic counter: lists sort by it (newest first) since `created` has one-second ties. */
  seq: number;
  order: Record<string, number>;
  invoiceCounter: number;
  customers: Record<string, CustomerRecord>;
  products: Record<string, ProductRecord>;
  prices: Record<string, PriceRecord>;
  checkoutSessions: Record<string, CheckoutSessionRecord>;
  portalConfigurations: Record<string, PortalConfigurationRecord>;
  portalSessions: Record<string, PortalSessionRecord>;
  subscriptions: Record<string, SubscriptionRecord>;
  invoices: Record<string, InvoiceRecord>;
  paymentMethods: Record<string, PaymentMethodRecord>;
  paymentIntents: Record<string, PaymentIntentRecord>;
  charges: Record<string, ChargeRecord>;
  refunds: Record<string, RefundRecord>;
  meters: Record<string, MeterRecord>;
  /** Meter events in arrival order (they have no id; `identifier` is unique per 24 h). */
  meterEvents: MeterEventRecord[];
  events: Record<string, EventRecord>;
  idempotency: Record<string, IdempotencyRecord>;
}

export function emptyData(): EmulatorData {
  return {
    version: 1,
    seq: 0,
    order: {},
    invoiceCounter: 0,
    customers: {},
    products: {},
    prices: {},
    checkoutSessions: {},
    portalConfigurations: {},
    portalSessions: {},
    subscriptions: {},
    invoices: {},
    paymentMethods: {},
    paymentIntents: {},
    charges: {},
    refunds: {},
    meters: {},
    meterEvents: [],
    events: {},
    idempotency: {},
  };
}

/** Fills what older state files lack (fields added later start with Stripe's defaults). */
export function upgradeData(data: EmulatorData): EmulatorData {
  for (const price of Object.values(data.prices)) {
    price.unitAmountDecimal ??= String(price.unitAmount ?? 0);
    if (price.recurring) {
      price.recurring.usageType ??= "licensed";
      price.recurring.meter ??= null;
    }
  }
  for (const customer of Object.values(data.customers)) customer.defaultPaymentMethod ??= null;
  for (const session of Object.values(data.checkoutSessions)) {
    session.paymentData ??= null;
    session.paymentIntent ??= null;
  }
  for (const sub of Object.values(data.subscriptions)) {
    sub.defaultPaymentMethod ??= null;
    sub.usageStart ??= sub.currentPeriodStart;
  }
  return data;
}
