import { type Actor, writeAudit } from "@/lib/audit/record";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, services } from "@/lib/services";
import { emitAccountEvent } from "@/lib/webhooks/emit";
import { displayKey, generateKey, KEY_PREFIX, lastFour } from "./format";
import { hashKey } from "./hash";
import type { KeySettings } from "./settings";

/** An account may hold this many working keys: enough for every app, not a key per request. */
export const MAX_ACTIVE_KEYS = 50;

/** The keys of an account that still work: not revoked, not expired. */
export function activeKeysOf(accountId: string, now = new Date()): Prisma.ApiKeyWhereInput {
  return { accountId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** The account already has MAX_ACTIVE_KEYS working keys; nothing was created. */
export class TooManyKeysError extends Error {
  constructor() {
    super(`An account may have at most ${MAX_ACTIVE_KEYS} active keys. Revoke one first.`);
    this.name = "TooManyKeysError";
  }
}

export interface NewApiKey {
  accountId: string;
  label: string;
  createdById?: string | null;
  expiresAt?: Date | null;
  /** Scopes, own limits, IP allowlist, already checked (checkKeySettings); default: none. */
  settings?: KeySettings;
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

/**
 * Create a key for an account. Only its hash is stored; the caller shows `key` once. Throws
 * TooManyKeysError when the account is at MAX_ACTIVE_KEYS — every way of making a key comes here.
 */
export async function createApiKey(input: NewApiKey): Promise<CreatedApiKey> {
  const key = generateKey();
  const hash = hashKey(key);
  const last4 = lastFour(key);
  const row = await db().$transaction(
    async (tx) => {
      // One key creation per account at a time, so the count below is still true at the insert.
      await tx.$executeRaw`SELECT 1 FROM accounts WHERE id = ${input.accountId} FOR NO KEY UPDATE`;
      const active = await tx.apiKey.count({ where: activeKeysOf(input.accountId) });
      if (active >= MAX_ACTIVE_KEYS) throw new TooManyKeysError();
      const created = await tx.apiKey.create({
        data: {
          accountId: input.accountId,
          createdById: input.createdById ?? null,
          label: input.label,
          hash,
          prefix: KEY_PREFIX,
          last4,
          expiresAt: input.expiresAt ?? null,
          ...input.settings,
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
      await emitAccountEvent(
        input.accountId,
        "api_key.created",
        { key_id: created.id, label: created.label, display: displayKey(last4) },
        tx,
      );
      return created;
    },
    // Creations for one account queue on its row lock: give a burst time to go through in turn.
    { maxWait: 10_000, timeout: 15_000 },
  );
  // Someone may have tried this exact key before it existed (a negative cache entry).
  services().control.invalidate({ scope: "key", hash });
  return {
    key,
    id: row.id,
    label: row.label,
    display: displayKey(last4),
    createdAt: row.createdAt,
  };
}
