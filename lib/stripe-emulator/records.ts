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
  unitAmount: number;
  /** null for one-time prices. */
  recurring: { interval: "day" | "week" | "month" | "year"; intervalCount: number } | null;
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
}

export interface InvoiceLineRecord {
  id: string;
  price: string;
  subscriptionItem: string | null;
  quantity: number;
  amount: number;
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
    events: {},
    idempotency: {},
  };
}
