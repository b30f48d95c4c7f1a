import { activeKeysOf } from "@/lib/keys/create";
import { displayKey } from "@/lib/keys/format";
import { type ListedApiKey, listApiKeys } from "@/lib/keys/list";
import type { KeySettings } from "@/lib/keys/settings";
import { db } from "@/lib/services";

export type KeyStatus = "active" | "revoked" | "expired";

export interface PortalKey extends ListedApiKey {
  status: KeyStatus;
}

export function keyStatus(
  key: Pick<ListedApiKey, "revokedAt" | "expiresAt">,
  now = new Date(),
): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt <= now) return "expired";
  return "active";
}

export async function accountKeys(accountId: string): Promise<PortalKey[]> {
  const keys = await listApiKeys({ accountId });
  return keys.map((key) => ({ ...key, status: keyStatus(key) }));
}

/** One key with its restrictions and roll state, for its own page. */
export interface PortalKeyDetail extends PortalKey, KeySettings {
  /** A rolled key's old secret works until then (null: no old secret working). */
  previousExpiresAt: Date | null;
}

/** One key of this account, or null (also for another account's key: callers answer 404). */
export async function accountKey(accountId: string, id: string): Promise<PortalKeyDetail | null> {
  const row = await db().apiKey.findFirst({
    where: { id, accountId },
    select: {
      id: true,
      accountId: true,
      label: true,
      prefix: true,
      last4: true,
      createdAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
      expiresAt: true,
      revokedAt: true,
      previousHash: true,
      previousExpiresAt: true,
      allowedModels: true,
      allowedEndpoints: true,
      readOnly: true,
      limitRpm: true,
      limitRpd: true,
      limitTpd: true,
      ipAllowlist: true,
    },
  });
  if (!row) return null;
  const { prefix, last4, previousHash, previousExpiresAt, ...rest } = row;
  const key = { ...rest, display: displayKey(last4, prefix) };
  const overlapping =
    previousHash !== null && previousExpiresAt !== null && previousExpiresAt > new Date();
  return {
    ...key,
    status: keyStatus(key),
    previousExpiresAt: overlapping ? previousExpiresAt : null,
    allowedModels: rest.allowedModels ?? [],
    allowedEndpoints: rest.allowedEndpoints ?? [],
    ipAllowlist: rest.ipAllowlist ?? [],
  };
}

export async function activeKeyCount(accountId: string): Promise<number> {
  return db().apiKey.count({ where: activeKeysOf(accountId) });
}
