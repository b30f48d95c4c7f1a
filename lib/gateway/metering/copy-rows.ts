import { sameDailyGroup } from "./daily-fold";
import type { UsageEventRow } from "./types";

/**
 * usage_events' columns in the order both COPYs of writer.ts send them: the ones a run of events
 * shares (one caller, one model) first, so their text is made once per run (see copyRows).
 */
export const EVENT_COLUMNS =
  "account_id, key_id, endpoint, model, upstream, id, status, tokens_in, tokens_out, latency_ms, cached, estimated, billed, error_code, cost_paisa, cost_micros, tokens_cached, created_at";

/** COPY's text format: backslash, tab and line breaks escaped; everything else as it is. */
const SPECIAL = /[\\\t\n\r]/;
export function text(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

export function nullable(value: string | null): string {
  return value === null ? "\\N" : text(value);
}

/**
 * Unix ms as timestamptz text in UTC. Events of a batch arrive in time order, so the text of
 * their second is kept and only the milliseconds appended: a Date and its ISO string per row cost
 * more than the rest of the row together.
 */
let secondMs = Number.NaN;
let secondText = "";
export function timestamp(ms: number): string {
  const second = ms - (((ms % 1000) + 1000) % 1000);
  if (second !== secondMs) {
    secondMs = second;
    secondText = new Date(second).toISOString().slice(0, 19);
  }
  return `${secondText}.${String(ms - second).padStart(3, "0")}+00`;
}

/**
 * A batch as COPY … FROM STDIN text (EVENT_COLUMNS' order), one line an event. Lines are joined
 * once at the end: appending them one by one builds a deep rope that costs more to flatten.
 */
export function copyRows(batch: readonly UsageEventRow[]): string {
  const lines = new Array<string>(batch.length);
  let run: UsageEventRow | null = null;
  let shared = "";
  for (let i = 0; i < batch.length; i++) {
    const e = batch[i];
    if (!run || !sameDailyGroup(run, e) || run.upstream !== e.upstream) {
      run = e;
      shared = `${text(e.accountId)}\t${nullable(e.keyId)}\t${text(e.endpoint)}\t${text(e.model)}\t${text(e.upstream)}\t`;
    }
    lines[i] =
      `${shared}${text(e.id)}\t${e.status}\t${e.tokensIn}\t${e.tokensOut}\t${e.latencyMs}\t${e.cached ? "t" : "f"}\t${e.estimated ? "t" : "f"}\t${e.billed ? "t" : "f"}\t${nullable(e.errorCode)}\t${e.costPaisa}\t${e.costMicros ?? e.costPaisa * 10_000}\t${e.tokensCached ?? 0}\t${timestamp(e.createdAt)}\n`;
  }
  return lines.join("");
}
