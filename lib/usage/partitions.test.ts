import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshDatabase, type FreshDatabase } from "@/lib/db/test-support/fresh-database";
import { maintainUsagePartitions, partitionName } from "./partitions";

const NOW = new Date("2026-11-28T12:00:00Z");

async function partitionsWithRows(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ partition: string; n: number }>(
    "SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM usage_events GROUP BY 1 ORDER BY 1",
  );
  return Object.fromEntries(rows.map((row) => [row.partition, row.n]));
}

async function insertEvents(
  pool: pg.Pool,
  prefix: string,
  days: number,
  count: number,
): Promise<void> {
  await pool.query(
    `INSERT INTO usage_events (id, account_id, endpoint, status, created_at)
     SELECT $1 || g, 'acct', '/v1/chat/completions', 200, $2::timestamptz - (g % $3) * interval '1 day'
       FROM generate_series(1, $4::int) AS g`,
    [prefix, NOW, days, count],
  );
}

describe("usage_events monthly partitions", () => {
  let database: FreshDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await createFreshDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it("is partitioned by range on created_at, with a DEFAULT partition for anything unplanned", async () => {
    const { rows } = await pool.query<{ strategy: string }>(
      "SELECT partstrat AS strategy FROM pg_partitioned_table WHERE partrelid = 'usage_events'::regclass",
    );
    expect(rows[0]?.strategy).toBe("r");
    await insertEvents(pool, "a", 100, 1_000);
    expect(await partitionsWithRows(pool)).toEqual({ usage_events_default: 1_000 });
  });

  it("creates this month and the next two, moving waiting rows into their months", async () => {
    const report = await maintainUsagePartitions(pool, { retentionMonths: 0, now: NOW });
    expect(report.ran).toBe(true);
    expect(report.moved).toBe(1_000);
    expect(report.created).toEqual(
      ["2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01"].map((m) =>
        partitionName(new Date(`${m}-01T00:00:00Z`)),
      ),
    );
    const counts = await partitionsWithRows(pool);
    expect(counts.usage_events_default).toBeUndefined();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1_000);
    // Idempotent: a second run (another instance, the next timer tick) changes nothing.
    expect(await maintainUsagePartitions(pool, { retentionMonths: 0, now: NOW })).toMatchObject({
      created: [],
      moved: 0,
    });
  });

  it("keeps retrying writes harmless: the same (id, created_at) is stored once", async () => {
    const sql = `INSERT INTO usage_events (id, account_id, endpoint, status, created_at)
                 VALUES ('retry', 'acct', '/v1/chat', 200, $1) ON CONFLICT (id, created_at) DO NOTHING`;
    await pool.query(sql, [NOW]);
    const again = await pool.query(sql, [NOW]);
    expect(again.rowCount).toBe(0);
  });

  it("drops whole months past the retention, and only those", async () => {
    // Two months of retention on 28 November: September and October are kept with November.
    const report = await maintainUsagePartitions(pool, { retentionMonths: 2, now: NOW });
    expect(report.dropped).toEqual([partitionName(new Date("2026-08-01T00:00:00Z"))]);
    const { rows } = await pool.query<{ oldest: Date }>(
      "SELECT min(created_at) AS oldest FROM usage_events",
    );
    expect(rows[0].oldest.getTime()).toBeGreaterThanOrEqual(Date.UTC(2026, 8, 1));
  });

  it("skips when another instance holds the upkeep lock", async () => {
    const other = await pool.connect();
    try {
      await other.query("SELECT pg_advisory_lock(4470829017160551301)");
      expect((await maintainUsagePartitions(pool, { retentionMonths: 0, now: NOW })).ran).toBe(
        false,
      );
    } finally {
      await other.query("SELECT pg_advisory_unlock(4470829017160551301)");
      other.release();
    }
  });
});
