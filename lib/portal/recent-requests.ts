import { pool } from "@/lib/services";
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

interface Row {
  id: string;
  created_at: Date;
  key_id: string | null;
  endpoint: string;
  model: string;
  status: number;
  tokens_in: number;
  tokens_out: number;
  latency_ms: number;
  cost_paisa: number;
  cached: boolean;
  billed: boolean;
  error_code: string | null;
}

const COLUMNS = `id, created_at, key_id, endpoint, model, status, tokens_in, tokens_out,
  latency_ms, cost_paisa, cached, billed, error_code`;

/**
 * The account's latest requests, newest first. ORDER BY created_at DESC + LIMIT on
 * (account_id, created_at desc) — or (key_id, created_at desc) for one key — reads only `limit` rows.
 */
export async function recentRequests(
  accountId: string,
  options: { limit?: number; keyId?: string } = {},
): Promise<RecentRequest[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const { rows } = options.keyId
    ? await pool().query<Row>(
        `SELECT ${COLUMNS} FROM usage_events WHERE key_id = $1 AND account_id = $2
          ORDER BY created_at DESC LIMIT $3`,
        [options.keyId, accountId, limit],
      )
    : await pool().query<Row>(
        `SELECT ${COLUMNS} FROM usage_events WHERE account_id = $1 ORDER BY created_at DESC LIMIT $2`,
        [accountId, limit],
      );
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
