import { db } from "@/lib/services";
import { hashPassword, verifyPassword } from "./password";

export type ChangePasswordResult =
  | { ok: true; user: { id: string; email: string; name: string | null; sessionVersion: number } }
  | { ok: false; error: "wrong_password" | "session_ended" };

/**
 * Sets a new password after checking the current one, and ends every other session (the version
 * moves on). Only a cookie of the version it was read under may change it, so two changes racing
 * each other cannot both succeed. The caller re-issues this browser's cookie with the new version.
 */
export async function changePassword(
  userId: string,
  cookieVersion: number,
  current: string,
  next: string,
): Promise<ChangePasswordResult> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { passwordHash: true, sessionVersion: true },
  });
  if (!user || user.sessionVersion !== cookieVersion) return { ok: false, error: "session_ended" };
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current))) {
    return { ok: false, error: "wrong_password" };
  }
  const passwordHash = await hashPassword(next);
  const { count } = await db().user.updateMany({
    where: { id: userId, sessionVersion: cookieVersion },
    data: { passwordHash, sessionVersion: { increment: 1 } },
  });
  if (count === 0) return { ok: false, error: "session_ended" };
  const updated = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, name: true, sessionVersion: true },
  });
  return { ok: true, user: updated };
}
