import { today } from "@/lib/gateway/limits/calendar";
import type { UsageEventRow } from "./types";

/**
 * A batch of events folded into its usage_daily rows, as FOLDED_ROLLUP_SQL's array parameters:
 * account, day, key ('' for none), endpoint, model, then requests, billed requests, errors
 * (status ≥ 400), cached requests, tokens in, tokens out, cost, latency sum. The same sums as
 * dailyRollupSql; doing them here spares Postgres the RETURNING rows and their aggregation, and
 * the day is the business calendar day of lib/gateway/limits/calendar.ts — the one daily limits
 * reset on, through the same cached day (today() holds for any instant of its day; events are
 * mostly of today). A batch is a few groups (mostly one account and model at a time), so
 * consecutive rows of one group skip the map.
 */
export function foldDaily(batch: readonly UsageEventRow[], timeZone: string): unknown[][] {
  const groups = new Map<string, { names: string[]; sums: number[] }>();
  let day = today(batch[0]?.createdAt ?? 0, timeZone);
  let last: { row: UsageEventRow; day: string; sums: number[] } | null = null;
  for (const row of batch) {
    if (row.createdAt < day.startMs || row.createdAt >= day.endMs) {
      day = today(row.createdAt, timeZone);
    }
    let sums: number[];
    if (last && last.day === day.day && sameDailyGroup(last.row, row)) {
      sums = last.sums;
    } else {
      const names = [row.accountId, day.day, row.keyId ?? "", row.endpoint, row.model];
      const key = names.join("\u0000");
      let group = groups.get(key);
      if (!group) {
        group = { names, sums: [0, 0, 0, 0, 0, 0, 0, 0] };
        groups.set(key, group);
      }
      sums = group.sums;
      last = { row, day: day.day, sums };
    }
    sums[0] += 1;
    if (row.billed) sums[1] += 1;
    if (row.status >= 400) sums[2] += 1;
    if (row.cached) sums[3] += 1;
    sums[4] += row.tokensIn;
    sums[5] += row.tokensOut;
    sums[6] += row.costPaisa;
    sums[7] += row.latencyMs;
  }
  const columns: unknown[][] = Array.from({ length: 13 }, () => []);
  for (const { names, sums } of groups.values()) {
    for (let i = 0; i < 5; i++) columns[i].push(names[i]);
    for (let i = 0; i < 8; i++) columns[5 + i].push(sums[i]);
  }
  return columns;
}

/** Whether two events add to the same usage_daily row (on the same day). */
export function sameDailyGroup(a: UsageEventRow, b: UsageEventRow): boolean {
  return (
    a.accountId === b.accountId &&
    a.keyId === b.keyId &&
    a.endpoint === b.endpoint &&
    a.model === b.model
  );
}
