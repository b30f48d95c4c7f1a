import type { Prisma } from "@/lib/generated/prisma/client";
import { db, pool } from "@/lib/services";

export interface AuditFilter {
  action?: string;
  /** An account id, or an email: then the accounts that user belongs to. */
  account?: string;
  /** Part of the actor's email. */
  actor?: string;
  /** Calendar days "2026-11-01", inclusive, in the business time zone. */
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

/** Turns an email into the ids of the accounts its user belongs to. */
async function accountIds(account: string): Promise<string[]> {
  if (!account.includes("@")) return [account];
  const memberships = await db().membership.findMany({
    where: { user: { email: account.trim().toLowerCase() } },
    select: { accountId: true },
  });
  return memberships.map((membership) => membership.accountId);
}

/** A business-zone day to the instant it begins there. */
async function dayStart(day: string, timeZone: string, plusDays = 0): Promise<Date> {
  const { rows } = await pool().query<{ at: Date }>(
    "SELECT (($1::date + $3::int)::timestamp AT TIME ZONE $2) AS at",
    [day, timeZone, plusDays],
  );
  return rows[0]!.at;
}

/**
 * Admin and billing actions, newest first, filtered. Pages by offset over the created_at (or
 * account/action + created_at) indexes and fetches one row more than shown to know whether
 * there is a next page, so no count of a long history is ever needed.
 */
export async function auditLog(filter: AuditFilter, timeZone: string) {
  const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
  const page = Math.max(filter.page ?? 1, 1);
  const where: Prisma.AuditLogWhereInput = {};
  if (filter.action) where.action = filter.action;
  if (filter.account) where.accountId = { in: await accountIds(filter.account) };
  if (filter.actor) where.actorEmail = { contains: filter.actor.trim(), mode: "insensitive" };
  const createdAt: Prisma.DateTimeFilter = {};
  if (filter.from) createdAt.gte = await dayStart(filter.from, timeZone);
  if (filter.to) createdAt.lt = await dayStart(filter.to, timeZone, 1);
  if (filter.from || filter.to) where.createdAt = createdAt;
  const rows = await db().auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
  });
  return { rows: rows.slice(0, pageSize), hasNext: rows.length > pageSize, page, pageSize };
}

export type AuditRow = Awaited<ReturnType<typeof auditLog>>["rows"][number];

/**
 * The distinct actions recorded, for the filter's menu. A loose index scan over the
 * (action, created_at) index: one index probe per distinct action, however long the log.
 */
export async function auditActions(): Promise<string[]> {
  const { rows } = await pool().query<{ action: string }>(
    `WITH RECURSIVE actions AS (
       (SELECT action FROM audit_logs ORDER BY action LIMIT 1)
       UNION ALL
       SELECT (SELECT a.action FROM audit_logs a WHERE a.action > actions.action ORDER BY a.action LIMIT 1)
         FROM actions WHERE actions.action IS NOT NULL
     )
     SELECT action FROM actions WHERE action IS NOT NULL`,
  );
  return rows.map((row) => row.action);
}
