import { ACCOUNT_VERSION_SQL } from "@/lib/plans/version-sql";
import { pool } from "@/lib/services";

/** How many accounts hold each plan version (resolved as the gateway does), by version id. */
export async function accountsByVersion(planId?: string): Promise<Map<string, number>> {
  const { rows } = await pool().query<{ version_id: string | null; accounts: number }>(
    `SELECT ${ACCOUNT_VERSION_SQL} AS version_id, count(*)::int AS accounts
       FROM accounts a
      WHERE $1::text IS NULL OR a.plan = $1
      GROUP BY 1`,
    [planId ?? null],
  );
  return new Map(rows.map((row) => [row.version_id ?? "", row.accounts]));
}
