import { likePattern } from "@/lib/db/like-pattern";
import { BILLED_STATUSES } from "@/lib/plans/plans";
import { pool } from "@/lib/services";
import { MONTH_START_DAY, type Period } from "./period";

export const CUSTOMER_SORTS = ["newest", "requests"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface CustomerQuery {
  /** Matches the organization's name or any member's email, case-insensitively. */
  search?: string;
  sort?: CustomerSort;
  page?: number;
  pageSize?: number;
}

export interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  plan: string;
  status: "active" | "suspended";
  mrrPaisa: number;
  requests: number;
  tokens: number;
  keys: number;
  /** The last business day with usage or a key used ("2026-11-28"), null when never. */
  lastActiveDay: string | null;
  createdAt: Date;
}

export interface CustomerPage {
  rows: CustomerRow[];
  total: number;
  page: number;
  pageSize: number;
}

const MATCHES = `($3 = '' OR a.name ILIKE $3 OR EXISTS (
    SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.account_id = a.id AND u.email ILIKE $3))`;

/**
 * Which accounts are on the page. "newest" pages through accounts alone; "requests" must rank
 * every account by this month's requests, which reads this month's rollups (not raw events).
 */
function pageSql(sort: CustomerSort): string {
  if (sort === "requests") {
    return `SELECT a.id, a.created_at, COALESCE(u.requests, 0) AS rank
              FROM accounts a
              LEFT JOIN usage_monthly u ON u.account_id = a.id AND u.month = ${MONTH_START_DAY}
             WHERE ${MATCHES}
             ORDER BY rank DESC, a.created_at DESC, a.id LIMIT $4 OFFSET $5`;
  }
  return `SELECT a.id, a.created_at, 0 AS rank FROM accounts a WHERE ${MATCHES}
           ORDER BY a.created_at DESC, a.id LIMIT $4 OFFSET $5`;
}

/**
 * The customers list. The page's accounts are chosen first; only for those (25 or so) do the
 * lateral subqueries sum this month's rollups (through usage_daily's primary key, which starts
 * with account_id and day), count keys and find the last activity.
 */
export async function listCustomers(
  period: Period,
  query: CustomerQuery = {},
): Promise<CustomerPage> {
  const pageSize = Math.min(Math.max(query.pageSize ?? 25, 1), 100);
  const page = Math.max(query.page ?? 1, 1);
  const search = query.search?.trim() ?? "";
  const params = [
    period.at,
    period.timeZone,
    search === "" ? "" : likePattern(search),
    pageSize,
    (page - 1) * pageSize,
    BILLED_STATUSES,
  ];
  const [list, count] = await Promise.all([
    pool().query<CustomerRow>(
      `WITH page AS (${pageSql(query.sort ?? "newest")})
       SELECT a.id, a.name, a.plan, a.status, a.created_at AS "createdAt",
              owner.email,
              COALESCE(usage.requests, 0) AS requests, COALESCE(usage.tokens, 0) AS tokens,
              COALESCE(k.keys, 0) AS keys,
              to_char(GREATEST((k.last_used AT TIME ZONE $2)::date, last.day), 'YYYY-MM-DD')
                AS "lastActiveDay",
              CASE WHEN a.plan = 'enterprise' THEN COALESCE(a.custom_price_paisa, 0)::float8
                   ELSE COALESCE(subs.mrr, 0) END AS "mrrPaisa"
         FROM page JOIN accounts a ON a.id = page.id
         LEFT JOIN LATERAL (
           SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.account_id = a.id ORDER BY m.created_at, u.email LIMIT 1) owner ON true
         LEFT JOIN LATERAL (
           SELECT sum(d.requests)::float8 AS requests,
                  sum(d.tokens_in + d.tokens_out)::float8 AS tokens
             FROM usage_daily d WHERE d.account_id = a.id AND d.day >= ${MONTH_START_DAY}) usage ON true
         LEFT JOIN LATERAL (
           SELECT max(d.day) AS day FROM usage_daily d WHERE d.account_id = a.id) last ON true
         LEFT JOIN LATERAL (
           SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS keys, max(last_used_at) AS last_used
             FROM api_keys WHERE account_id = a.id) k ON true
         LEFT JOIN LATERAL (
           SELECT sum(amount_paisa)::float8 AS mrr FROM subscriptions
            WHERE account_id = a.id AND status = ANY($6::text[])) subs ON true
        ORDER BY page.rank DESC, page.created_at DESC, page.id`,
      params,
    ),
    pool().query<{ total: number }>(
      `SELECT count(*)::int AS total FROM accounts a WHERE ${MATCHES.replaceAll("$3", "$1")}`,
      [params[2]],
    ),
  ]);
  return { rows: list.rows, total: count.rows[0]?.total ?? 0, page, pageSize };
}
