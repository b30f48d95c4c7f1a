import { type Actor, writeAudit } from "@/lib/audit/record";
import { db, services } from "@/lib/services";
import { emitAccountEvent } from "@/lib/webhooks/emit";
import { displayKey, generateKey, lastFour } from "./format";
import { hashKey } from "./hash";

const HOUR_MS = 3_600_000;

/** How long the old secret keeps working after a roll, as the portal offers it. */
export const ROLL_OVERLAPS = {
  none: { label: "No overlap: the old secret stops now", ms: 0 },
  "1h": { label: "1 hour", ms: HOUR_MS },
  "24h": { label: "24 hours", ms: 24 * HOUR_MS },
  "7d": { label: "7 days", ms: 7 * 24 * HOUR_MS },
} as const;

export type RollOverlap = keyof typeof ROLL_OVERLAPS;

export interface RolledApiKey {
  /** The new secret: shown once, never stored. */
  key: string;
  id: string;
  accountId: string;
  label: string;
  display: string;
  /** When the old secret stops working (null: it already has). */
  previousExpiresAt: Date | null;
}

/**
 * Roll a key: a new secret for the same key (same id, label, counters, caps, scopes), the old
 * one still accepted for `overlapMs`. A key keeps at most two secrets: rolling again during an
 * overlap ends the older one at once. Returns null for a key that is not this account's or no
 * longer works (revoked or expired). The gateway's cache forgets every secret of the key before
 * this returns; other instances within the poller's interval (and the old secret's cached record
 * carries its own end, so no instance accepts it past the overlap).
 * The `api_key.rolled` event (mail and webhooks) is written in the same transaction.
 */
export async function rollKey(input: {
  id: string;
  accountId?: string;
  overlapMs: number;
  actor?: Actor;
  now?: Date;
}): Promise<RolledApiKey | null> {
  const now = input.now ?? new Date();
  const key = generateKey();
  const hash = hashKey(key);
  const last4 = lastFour(key);
  const overlap = Math.max(0, Math.floor(input.overlapMs));
  const previousExpiresAt = overlap > 0 ? new Date(now.getTime() + overlap) : null;
  const result = await db().$transaction(async (tx) => {
    // Locked, so two rolls of one key cannot both keep "the" previous secret.
    const rows = await tx.$queryRaw<
      {
        id: string;
        account_id: string;
        label: string;
        hash: string;
        previous_hash: string | null;
      }[]
    >`SELECT id, account_id, label, hash, previous_hash FROM api_keys
      WHERE id = ${input.id} AND revoked_at IS NULL
        AND (expires_at IS NULL OR expires_at > ${now}) FOR UPDATE`;
    const row = rows[0];
    if (!row || (input.accountId && row.account_id !== input.accountId)) return null;
    await tx.apiKey.update({
      where: { id: row.id },
      data: {
        hash,
        last4,
        previousHash: previousExpiresAt ? row.hash : null,
        previousExpiresAt,
      },
    });
    if (input.actor) {
      await writeAudit(tx, input.actor, {
        action: "api_key.roll",
        accountId: row.account_id,
        target: row.id,
        details: {
          display: displayKey(last4),
          overlapSeconds: overlap / 1000,
        },
      });
    }
    await emitAccountEvent(
      row.account_id,
      "api_key.rolled",
      {
        key_id: row.id,
        label: row.label,
        display: displayKey(last4),
        previous_expires_at: previousExpiresAt?.toISOString() ?? null,
      },
      tx,
    );
    return row;
  });
  if (!result) return null;
  const control = services().control;
  // Every secret this key had, and the new one (a made-up key may have been cached as missing).
  control.invalidate({ scope: "key", hash: result.hash, id: result.id });
  if (result.previous_hash) control.invalidate({ scope: "key", hash: result.previous_hash });
  control.invalidate({ scope: "key", hash });
  return {
    key,
    id: result.id,
    accountId: result.account_id,
    label: result.label,
    display: displayKey(last4),
    previousExpiresAt,
  };
}

/**
 * Stop accepting a rolled key's old secret now (the new one is deployed everywhere). Returns
 * false when the key is not this account's or has no old secret working.
 */
export async function endRollOverlap(input: {
  id: string;
  accountId?: string;
  actor?: Actor;
}): Promise<boolean> {
  const ended = await db().$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: {
        id: input.id,
        ...(input.accountId ? { accountId: input.accountId } : {}),
        previousHash: { not: null },
      },
      select: { id: true, accountId: true, previousHash: true },
    });
    if (!key) return null;
    await tx.apiKey.update({
      where: { id: key.id },
      data: { previousHash: null, previousExpiresAt: null },
    });
    if (input.actor) {
      await writeAudit(tx, input.actor, {
        action: "api_key.end_overlap",
        accountId: key.accountId,
        target: key.id,
      });
    }
    return key;
  });
  if (!ended?.previousHash) return false;
  services().control.invalidate({ scope: "key", hash: ended.previousHash, id: ended.id });
  return true;
}
