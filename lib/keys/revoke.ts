import { type Actor, writeAudit } from "@/lib/audit/record";
import { db, services } from "@/lib/services";
import { emitAccountEvent } from "@/lib/webhooks/emit";
import { displayKey } from "./format";

export interface RevokedApiKey {
  id: string;
  accountId: string;
  revokedAt: Date;
}

/**
 * Revoke a key. With `accountId`, only a key of that account (a customer revoking their own).
 * Returns null when no such key exists. Revoking twice keeps the first revocation time. This
 * process's cache forgets the key at once (and, from the web process, the gateway process's: see
 * lib/server/gateway-link.ts); other instances within the poller's interval.
 */
export async function revokeApiKey(input: {
  id: string;
  accountId?: string;
  actor?: Actor;
}): Promise<RevokedApiKey | null> {
  const result = await db().$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id: input.id } });
    if (!key || (input.accountId && key.accountId !== input.accountId)) return null;
    const revokedAt = key.revokedAt ?? new Date();
    if (!key.revokedAt) {
      await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt } });
      if (input.actor) {
        await writeAudit(tx, input.actor, {
          action: "api_key.revoke",
          accountId: key.accountId,
          target: key.id,
        });
      }
      await emitAccountEvent(
        key.accountId,
        "api_key.revoked",
        { key_id: key.id, label: key.label, display: displayKey(key.last4) },
        tx,
      );
    }
    return { id: key.id, accountId: key.accountId, revokedAt, hash: key.hash };
  });
  if (!result) return null;
  // With its id: a rolled key's old secret, cached under its own hash, goes too.
  services().control.invalidate({ scope: "key", hash: result.hash, id: result.id });
  return { id: result.id, accountId: result.accountId, revokedAt: result.revokedAt };
}
