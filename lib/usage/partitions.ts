import type pg from "pg";

/**
 * Monthly partitions of usage_events (see the usage_events_partitioned migration): created ahead
 * of time, filled from the DEFAULT partition when rows landed there (a database migrated before
 * its month's partition existed, or seeded history), and dropped once older than the retention.
 * Months are UTC calendar months. Runs on any instance; an advisory lock makes the others skip.
 */
const LOCK_KEY = "4470829017160551301";
const PARENT = "usage_events";
const DEFAULT_PARTITION = "usage_events_default";

export interface PartitionOptions {
  now?: Date;
  /** Months kept before the current one; older ones are dropped. 0 keeps everything. */
  retentionMonths: number;
  /** Months after the current one to create in advance (default 2). */
  monthsAhead?: number;
  /** Also make sure these months have partitions (bulk loads of history). */
  include?: Date[];
}

export interface PartitionReport {
  /** False when another instance held the lock and this run did nothing. */
  ran: boolean;
  created: string[];
  moved: number;
  dropped: string[];
  deletedFromDefault: number;
}

/** First instant of the UTC month containing `date`, shifted by `offset` months. */
export function monthStart(date: Date, offset = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
}

export function partitionName(month: Date): string {
  return `${PARENT}_p${month.toISOString().slice(0, 7).replace("-", "")}`;
}

function monthOfName(name: string): Date | null {
  const match = /^usage_events_p(\d{4})(\d{2})$/.exec(name);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : null;
}

async function existingMonths(client: pg.PoolClient): Promise<Map<number, string>> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1::regclass`,
    [PARENT],
  );
  const months = new Map<number, string>();
  for (const { name } of rows) {
    const month = monthOfName(name);
    if (month) months.set(month.getTime(), name);
  }
  return months;
}

/**
 * A month's partition, built beside the table and then attached: ATTACH takes a lighter lock on
 * usage_events than CREATE … PARTITION OF, so metering inserts keep flowing meanwhile. Rows of
 * that month waiting in the DEFAULT partition move in, in the same transaction.
 */
async function createMonth(client: pg.PoolClient, month: Date): Promise<number> {
  const name = partitionName(month);
  const from = month.toISOString();
  const to = monthStart(month, 1).toISOString();
  await client.query("BEGIN");
  try {
    await client.query(
      `CREATE TABLE "${name}" (LIKE "${PARENT}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
    );
    const moved = await client.query(
      `WITH gone AS (DELETE FROM "${DEFAULT_PARTITION}" WHERE created_at >= $1 AND created_at < $2 RETURNING *)
       INSERT INTO "${name}" SELECT * FROM gone`,
      [from, to],
    );
    // A CHECK matching the bounds lets ATTACH skip scanning the new partition.
    await client.query(
      `ALTER TABLE "${name}" ADD CONSTRAINT "${name}_bounds" CHECK (created_at >= '${from}' AND created_at < '${to}')`,
    );
    await client.query(
      `ALTER TABLE "${PARENT}" ATTACH PARTITION "${name}" FOR VALUES FROM ('${from}') TO ('${to}')`,
    );
    await client.query(`ALTER TABLE "${name}" DROP CONSTRAINT "${name}_bounds"`);
    await client.query("COMMIT");
    return moved.rowCount ?? 0;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

export async function maintainUsagePartitions(
  pool: pg.Pool,
  options: PartitionOptions,
): Promise<PartitionReport> {
  const report: PartitionReport = {
    ran: false,
    created: [],
    moved: 0,
    dropped: [],
    deletedFromDefault: 0,
  };
  const now = options.now ?? new Date();
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1) AS locked",
      [LOCK_KEY],
    );
    if (!rows[0].locked) return report;
    try {
      // Before the partitioning migration (or on a database someone un-partitioned) do nothing.
      const kind = await client.query<{ relkind: string }>(
        "SELECT relkind FROM pg_class WHERE oid = $1::regclass",
        [PARENT],
      );
      if (kind.rows[0]?.relkind !== "p") return report;
      report.ran = true;
      // Never queue behind a long query for a lock on usage_events: try again at the next run.
      await client.query("SET lock_timeout = '5s'");
      const cutoff = options.retentionMonths > 0 ? monthStart(now, -options.retentionMonths) : null;

      const wanted = new Map<number, Date>();
      for (let i = 0; i <= (options.monthsAhead ?? 2); i++)
        wanted.set(monthStart(now, i).getTime(), monthStart(now, i));
      for (const date of options.include ?? [])
        wanted.set(monthStart(date).getTime(), monthStart(date));
      const stray = await client.query<{ month: Date }>(
        `SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month
           FROM "${DEFAULT_PARTITION}"`,
      );
      for (const { month } of stray.rows) wanted.set(month.getTime(), month);

      if (cutoff) {
        const deleted = await client.query(
          `DELETE FROM "${DEFAULT_PARTITION}" WHERE created_at < $1`,
          [cutoff],
        );
        report.deletedFromDefault = deleted.rowCount ?? 0;
      }
      const existing = await existingMonths(client);
      for (const [time, month] of [...wanted].sort(([a], [b]) => a - b)) {
        if (existing.has(time) || (cutoff && month < cutoff)) continue;
        report.moved += await createMonth(client, month);
        report.created.push(partitionName(month));
      }
      if (cutoff) {
        for (const [time, name] of existing) {
          if (time >= cutoff.getTime()) continue;
          await client.query(`DROP TABLE "${name}"`);
          report.dropped.push(name);
        }
      }
      return report;
    } finally {
      await client.query("RESET lock_timeout");
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
