/** One usage_events row, as queued in memory until the next batch write. */
export interface UsageEventRow {
  /** The request id: the primary key, so a retried write cannot double count. */
  id: string;
  accountId: string;
  keyId: string | null;
  endpoint: string;
  model: string;
  upstream: string;
  status: number;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  cached: boolean;
  estimated: boolean;
  billed: boolean;
  errorCode: string | null;
  costPaisa: number;
  /** The exact cost (lib/pricing); absent in events saved before it existed: costPaisa's. */
  costMicros?: number;
  /** Input tokens served from the upstream's prompt cache (part of tokensIn). */
  tokensCached?: number;
  /** Charged to prepaid credit (micro-rupees): written as the ledger's usage debit with the event. */
  creditMicros?: number;
  /** Charged on postpaid overage (micro-rupees): written as a postpaid charge with the event. */
  postpaidMicros?: number;
  /** Unix ms. */
  createdAt: number;
}

/** Writes one batch (the events and their daily rollups) in one transaction, or throws. */
export type BatchWriter = (batch: UsageEventRow[]) => Promise<void>;
