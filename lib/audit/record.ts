import type { Prisma } from "@/lib/generated/prisma/client";

/** Who did something, for audit_logs. */
export interface Actor {
  type: "user" | "admin_token" | "system";
  id?: string | null;
  email?: string | null;
}

/** How a signed-in person (an admin, or a customer acting on their account) appears in audit_logs. */
export function userActor(user: { id: string; email: string }): Actor {
  return { type: "user", id: user.id, email: user.email };
}

/** One audit row, written with `tx` so it commits or rolls back with the change it records. */
export async function writeAudit(
  tx: Prisma.TransactionClient,
  actor: Actor,
  entry: {
    action: string;
    accountId?: string | null;
    target?: string;
    details?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorType: actor.type,
      actorId: actor.id ?? null,
      actorEmail: actor.email ?? null,
      accountId: entry.accountId ?? null,
      action: entry.action,
      target: entry.target ?? null,
      details: entry.details,
    },
  });
}
