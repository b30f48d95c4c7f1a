import type pg from "pg";
import { z } from "zod";
import { ConfigError } from "@/lib/config/env";
import { maintainUsagePartitions, type PartitionReport } from "./partitions";

/** Partitions are checked at start and then this often (a month boundary is never far off). */
const EVERY_MS = 6 * 60 * 60 * 1000;

const retentionSchema = z.coerce.number().int().min(0).max(1200).default(0);

/**
 * DARWAZA_USAGE_RETENTION_MONTHS: whole months of raw usage events kept before the current one
 * (0 or unset: keep everything). Daily rollups, invoices and the dashboards built on them are
 * never dropped.
 */
export function usageRetentionMonths(
  source: Record<string, string | undefined> = process.env,
): number {
  const raw = source.DARWAZA_USAGE_RETENTION_MONTHS?.trim();
  const parsed = retentionSchema.safeParse(raw === "" ? undefined : raw);
  if (!parsed.success) {
    throw new ConfigError([
      "DARWAZA_USAGE_RETENTION_MONTHS: must be a whole number of months (0 keeps everything)",
    ]);
  }
  return parsed.data;
}

function summarize(report: PartitionReport): string | null {
  const parts: string[] = [];
  if (report.created.length) parts.push(`created ${report.created.join(", ")}`);
  if (report.moved) parts.push(`moved ${report.moved} events out of the default partition`);
  if (report.dropped.length) parts.push(`dropped ${report.dropped.join(", ")} (retention)`);
  if (report.deletedFromDefault) parts.push(`deleted ${report.deletedFromDefault} expired events`);
  return parts.length ? `Darwaza: usage partitions: ${parts.join("; ")}` : null;
}

/**
 * Run the partition upkeep now and every few hours. A failure (database down, a lock not
 * granted in time) is logged and retried at the next run: the DEFAULT partition keeps taking
 * events meanwhile, so metering never depends on it. Returns a stop function.
 */
export async function startUsagePartitions(
  pool: () => pg.Pool,
  log: (line: string) => void,
): Promise<() => void> {
  const retentionMonths = usageRetentionMonths();
  const run = async () => {
    try {
      const line = summarize(await maintainUsagePartitions(pool(), { retentionMonths }));
      if (line) log(line);
    } catch (error) {
      log(
        `Darwaza: usage partition upkeep failed (${error instanceof Error ? error.message : String(error)}); will retry`,
      );
    }
  };
  await run();
  const timer = setInterval(() => void run(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
