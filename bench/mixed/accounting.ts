import type pg from "pg";
import type { Client, Outcome } from "./traffic";

export interface AccountCheck {
  plan: string;
  client: { requests: number; answered: number; tokens: number };
  stored: { requests: number; answered: number; tokens: number };
  matches: boolean;
}

/**
 * The client's own count for each account (requests that got an HTTP answer, 200s among them,
 * tokens the 200s reported) against the usage_events rows Postgres holds for it.
 */
export async function checkUsage(
  db: pg.Pool,
  clients: Client[],
  outcomes: Outcome[],
): Promise<AccountCheck[]> {
  const checks: AccountCheck[] = [];
  for (const client of clients) {
    const mine = outcomes.filter((outcome) => outcome.client === client && outcome.status !== 0);
    const answered = mine.filter((outcome) => outcome.status === 200);
    const { rows } = await db.query<{ requests: number; answered: number; tokens: number }>(
      `SELECT count(*)::int AS requests, (count(*) FILTER (WHERE status = 200))::int AS answered,
              COALESCE(sum(tokens_in + tokens_out) FILTER (WHERE status = 200), 0)::int AS tokens
         FROM usage_events WHERE account_id = $1`,
      [client.accountId],
    );
    const expected = {
      requests: mine.length,
      answered: answered.length,
      tokens: answered.reduce((sum, outcome) => sum + outcome.tokens, 0),
    };
    const stored = rows[0];
    checks.push({
      plan: client.plan,
      client: expected,
      stored,
      matches:
        stored.requests === expected.requests &&
        stored.answered === expected.answered &&
        stored.tokens === expected.tokens,
    });
  }
  return checks;
}
