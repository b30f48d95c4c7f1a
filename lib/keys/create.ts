import { db } from "@/lib/db/client";
import { type Actor, writeAudit } from "./audit";
import { invalidateKey } from "./cache";
import { displayKey, generateKey, KEY_PREFIX, lastFour } from "./format";
import { hashKey } from "./hash";

export interface NewApiKey {
  accountId: string;
  label: string;
  createdById?: string | null;
  expiresAt?: Date | null;
  /** When given, an audit_logs row is written in the same transaction. */
  actor?: Actor;
}

export interface CreatedApiKey {
  /** The secret: shown once, never stored. */
  key: string;
  id: string;
  label: string;
  display: string;
  createdAt: Date;
}

/** Create a key for an account. Only its hash is stored; the caller shows `key` once. */
export async function createApiKey(input: NewApiKey): Promise<CreatedApiKey> {
  const key = generateKey();
  const hash = hashKey(key);
  const last4 = lastFour(key);
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        accountId: input.accountId,
        createdById: input.createdById ?? null,
        label: input.label,
        hash,
        prefix: KEY_PREFIX,
        last4,
        expiresAt: input.expiresAt ?? null,
      },
    });
    if (input.actor) {
      await writeAudit(tx, input.actor, {
        action: "api_key.create",
        accountId: input.accountId,
        target: created.id,
        details: { label: input.label, display: displayKey(last4) },
      });
    }
    return created;
  });
  // Someone may have tried this exact key before it existed (a negative cache entry).
  invalidateKey(hash);
  return {
    key,
    id: row.id,
    label: row.label,
    display: displayKey(last4),
    createdAt: row.createdAt,
  };
}
