import { pool } from "@/lib/services";

/** A status filter: one code (min = max) or a class such as 4xx (400–499). */
export interface StatusRange {
  min: number;
  max: number;
}

export interface RequestLogFilter {
  keyId?: string;
  status?: StatusRange;
  model?: string;
  endpoint?: string;
}

/** Where a page starts: strictly older than this (created_at, id). */
export interface RequestLogCursor {
  at: Date;
  id: string;
}

export interface RequestLogQuery {
  /** Oldest moment shown (the log's window). */
  since: Date;
  filter: RequestLogFilter;
  cursor: RequestLogCursor | null;
  limit: number;
}

/** A row of usage_events as the request log reads it. */
export interface RequestLogEvent {
  id: string;
  created_at: Date;
  key_id: string | null;
  endpoint: string;
  model: string;
  status: number;
  tokens_in: number;
  tokens_out: number;
  tokens_cached: number;
  latency_ms: number;
  /** BIGINT, as pg returns it. */
  cost_micros: string;
  cached: boolean;
  estimated: boolean;
  billed: boolean;
  error_code: string | null;
}

/**
 * The SQL and parameters of one keyset page, newest first. Only the filters given become
 * conditions, so each combination gets its own plan on usage_events_request_log_idx
 * (account_id, created_at DESC, id DESC, status, key_id, model, endpoint): the window and cursor
 * bound the range, the filters are checked on index tuples, and LIMIT stops the scan.
 */
export function requestLogSql(accountId: string, query: RequestLogQuery) {
  const params: unknown[] = [accountId, query.since];
  const where = ["account_id = $1", "created_at >= $2"];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const { keyId, status, model, endpoint } = query.filter;
  if (keyId !== undefined) where.push(`key_id = ${add(keyId)}`);
  if (status && status.min === status.max) where.push(`status = ${add(status.min)}`);
  else if (status) where.push(`status >= ${add(status.min)}`, `status <= ${add(status.max)}`);
  if (model !== undefined) where.push(`model = ${add(model)}`);
  if (endpoint !== undefined) where.push(`endpoint = ${add(endpoint)}`);
  if (query.cursor) {
    // Both columns in one row comparison: an index condition, and ties on created_at go by id.
    where.push(`(created_at, id) < (${add(query.cursor.at)}, ${add(query.cursor.id)})`);
  }
  const text = `SELECT id, created_at, key_id, endpoint, model, status, tokens_in, tokens_out,
       tokens_cached, latency_ms, cost_micros, cached, estimated, billed, error_code
  FROM usage_events
 WHERE ${where.join("\n   AND ")}
 ORDER BY created_at DESC, id DESC
 LIMIT ${add(query.limit)}`;
  return { text, params };
}

/** One page of an account's events (see requestLogSql). */
export async function requestLogEvents(
  accountId: string,
  query: RequestLogQuery,
): Promise<RequestLogEvent[]> {
  const { text, params } = requestLogSql(accountId, query);
  const { rows } = await pool().query<RequestLogEvent>(text, params);
  return rows;
}

/**
 * The models and endpoints an account used since `since`, for the filter menus: read from the
 * daily rollups (a few rows per day), never from the events.
 */
export async function requestLogChoices(
  accountId: string,
  sinceDay: string,
): Promise<{ models: string[]; endpoints: string[] }> {
  const { rows } = await pool().query<{ kind: "model" | "endpoint"; value: string }>(
    `SELECT DISTINCT 'model' AS kind, model AS value FROM usage_daily
      WHERE account_id = $1 AND day >= $2::date AND model <> ''
     UNION
     SELECT DISTINCT 'endpoint', endpoint FROM usage_daily
      WHERE account_id = $1 AND day >= $2::date
     ORDER BY 1, 2`,
    [accountId, sinceDay],
  );
  return {
    models: rows.filter((row) => row.kind === "model").map((row) => row.value),
    endpoints: rows.filter((row) => row.kind === "endpoint").map((row) => row.value),
  };
}
