import { recentEvents } from "@/lib/usage/recent";
import { keyLabels, keyName } from "./key-labels";

export interface RecentRequest {
  id: string;
  createdAt: Date;
  keyId: string | null;
  keyName: string;
  endpoint: string;
  model: string;
  status: number;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  costPaisa: number;
  cached: boolean;
  billed: boolean;
  errorCode: string | null;
}

/**
 * The account's latest requests (at most 200), newest first, with their keys' names; reads only
 * `limit` rows (lib/usage/recent.ts).
 */
export async function recentRequests(
  accountId: string,
  options: { limit?: number; keyId?: string } = {},
): Promise<RecentRequest[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await recentEvents(accountId, limit, options.keyId);
  const labels = await keyLabels(accountId);
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    keyId: row.key_id,
    keyName: keyName(labels, row.key_id),
    endpoint: row.endpoint,
    model: row.model,
    status: row.status,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    latencyMs: row.latency_ms,
    costPaisa: row.cost_paisa,
    cached: row.cached,
    billed: row.billed,
    errorCode: row.error_code,
  }));
}
