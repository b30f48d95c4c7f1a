import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/services";

/**
 * Every session cookie carries the user's session version at sign-in (`sv` in the JWT). Bumping
 * the version (sign-out, password change, suspension) ends every cookie issued before: each
 * request compares the two (getCurrentUser reads it with the user; the proxy through the short
 * cache below).
 */

/** How long the proxy may trust a version it read: its check is the friendly redirect only. */
const CACHE_MS = 5_000;
const MAX_CACHED = 10_000;
const cached = new Map<string, { version: number; at: number }>();

/** A JWT from before versions existed counts as version 0, the column's default. */
export function tokenVersion(token: { sv?: unknown } | null | undefined): number {
  return typeof token?.sv === "number" ? token.sv : 0;
}

/** Ends every session of these users; returns how many users were changed. */
export async function endSessions(userIds: string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const { count } = await db().user.updateMany({
    where: { id: { in: userIds } },
    data: { sessionVersion: { increment: 1 } },
  });
  for (const id of userIds) cached.delete(id);
  return count;
}

/** Ends the sessions of every member of an account (its suspension), inside the caller's transaction. */
export async function endAccountSessions(
  tx: Prisma.TransactionClient,
  accountId: string,
): Promise<void> {
  await tx.user.updateMany({
    where: { memberships: { some: { accountId } } },
    data: { sessionVersion: { increment: 1 } },
  });
  cached.clear();
}

/**
 * Sign-out: ends the sessions of the version this cookie carries. A cookie already ended changes
 * nothing, so replaying an old cookie's sign-out cannot sign the user out again and again.
 */
export async function endSessionsOf(userId: string, version: number): Promise<boolean> {
  const { count } = await db().user.updateMany({
    where: { id: userId, sessionVersion: version },
    data: { sessionVersion: { increment: 1 } },
  });
  cached.delete(userId);
  return count > 0;
}

/** The user's current version, or null when there is no such user. */
export async function currentVersion(userId: string): Promise<number | null> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  return user?.sessionVersion ?? null;
}

/** For the proxy: is a cookie of this version still current? Read at most every few seconds. */
export async function isCurrentSession(userId: string, version: number): Promise<boolean> {
  const now = Date.now();
  const hit = cached.get(userId);
  // Versions only grow: a cookie newer than the cached version (just re-issued, e.g. after a
  // password change made in another module instance) means the cache is behind, not the cookie.
  if (hit && now - hit.at < CACHE_MS && version <= hit.version) return hit.version === version;
  const current = await currentVersion(userId);
  if (current === null) {
    cached.delete(userId);
    return false;
  }
  if (cached.size >= MAX_CACHED) cached.clear();
  cached.set(userId, { version: current, at: now });
  return current === version;
}
