import { env } from "@/lib/config/env";
import { formatMicros } from "@/lib/credit/money";
import { requestLogChoices, requestLogEvents } from "@/lib/usage/request-log";
import { businessToday, daysEnding } from "./days";
import { keyLabels, keyName } from "./key-labels";
import { encodeCursor, REQUEST_LOG_DAYS, type RequestLogParams } from "./request-log-query";

/** One call as the request log shows it (and GET /api/dashboard/requests returns it). */
export interface LoggedRequest {
  /** The request id: the x-request-id header of the response. */
  id: string;
  createdAt: string;
  /** createdAt in the business time zone, e.g. "3 Dec 2026, 16:46:33". */
  time: string;
  keyId: string | null;
  keyName: string;
  endpoint: string;
  model: string;
  status: number;
  errorCode: string | null;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  /** Exact cost in micro-rupees, as a string (BIGINT). */
  costMicros: string;
  /** The cost as PKR text, e.g. "Rs 0.0125". */
  cost: string;
  cached: boolean;
  /** Tokens counted here because the client left mid-stream. */
  estimated: boolean;
  billed: boolean;
}

export interface RequestLogPage {
  requests: LoggedRequest[];
  /** The cursor of the next (older) page, or null on the last page. */
  nextCursor: string | null;
}

/** The start of the log's window: REQUEST_LOG_DAYS before `now`. */
export function requestLogSince(now = Date.now()): Date {
  return new Date(now - REQUEST_LOG_DAYS * 24 * 60 * 60 * 1000);
}

/**
 * One page of the account's request log, newest first: one row more than asked tells whether an
 * older page exists, and the last row shown is where it starts.
 */
export async function requestLogPage(
  accountId: string,
  params: RequestLogParams,
  now = Date.now(),
): Promise<RequestLogPage> {
  const [rows, labels] = await Promise.all([
    requestLogEvents(accountId, {
      since: requestLogSince(now),
      filter: params.filter,
      cursor: params.cursor,
      limit: params.limit + 1,
    }),
    keyLabels(accountId),
  ]);
  const shown = rows.slice(0, params.limit);
  // One formatter for the page: building one costs ~0.1 ms, as much as the page's query.
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: env().DARWAZA_TIMEZONE,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const last = shown.at(-1);
  return {
    requests: shown.map((row) => ({
      id: row.id,
      createdAt: row.created_at.toISOString(),
      time: time.format(row.created_at),
      keyId: row.key_id,
      keyName: keyName(labels, row.key_id),
      endpoint: row.endpoint,
      model: row.model,
      status: row.status,
      errorCode: row.error_code,
      latencyMs: row.latency_ms,
      tokensIn: row.tokens_in,
      tokensOut: row.tokens_out,
      tokensCached: row.tokens_cached,
      costMicros: row.cost_micros,
      cost: formatMicros(BigInt(row.cost_micros)),
      cached: row.cached,
      estimated: row.estimated,
      billed: row.billed,
    })),
    nextCursor:
      rows.length > params.limit && last
        ? encodeCursor({ at: last.created_at, id: last.id })
        : null,
  };
}

export interface RequestLogChoices {
  keys: { id: string; name: string }[];
  models: string[];
  endpoints: string[];
}

/** What the filter menus offer: the account's keys, and the models and endpoints of the window. */
export async function requestLogFilterChoices(accountId: string): Promise<RequestLogChoices> {
  const [firstDay] = daysEnding(businessToday(), REQUEST_LOG_DAYS + 1);
  const [labels, used] = await Promise.all([
    keyLabels(accountId),
    requestLogChoices(accountId, firstDay),
  ]);
  const keys = [...labels.values()]
    .map((key) => ({ id: key.id, name: keyName(labels, key.id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { keys, ...used };
}
