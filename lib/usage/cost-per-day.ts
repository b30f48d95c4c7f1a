import { pool } from "@/lib/services";

export interface DayCost {
  /** "YYYY-MM-DD", a business-zone day. */
  day: string;
  /** The list cost of the day's billed calls, micro-rupees (exact). */
  costMicros: bigint;
}

/**
 * The cost of an account's billed calls per business-zone day over [fromDay, toDay], summed from
 * the events' exact cost_micros (the daily rollups carry only rounded paisa), through the
 * (account_id, created_at) index.
 */
export async function costPerDay(
  accountId: string,
  fromDay: string,
  toDay: string,
  timeZone: string,
): Promise<DayCost[]> {
  const { rows } = await pool().query<{ day: string; cost: string }>(
    `SELECT to_char((created_at AT TIME ZONE $4)::date, 'YYYY-MM-DD') AS day,
            sum(cost_micros)::text AS cost
       FROM usage_events
      WHERE account_id = $1 AND billed
        AND created_at >= ($2::date::timestamp AT TIME ZONE $4)
        AND created_at < (($3::date + 1)::timestamp AT TIME ZONE $4)
      GROUP BY 1
      ORDER BY 1`,
    [accountId, fromDay, toDay, timeZone],
  );
  return rows.map((row) => ({ day: row.day, costMicros: BigInt(row.cost) }));
}
