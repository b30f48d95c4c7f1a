import { activeKeysOf } from "@/lib/keys/create";
import { displayKey } from "@/lib/keys/format";
import { type ListedApiKey, listApiKeys } from "@/lib/keys/list";
import type { KeySettings } from "@/lib/keys/settings";
import { db } from "@/lib/services";

export type KeyStatus = "active" | "revoked" | "expired";

export interface PortalKey extends ListedApiKey {
  status: KeyStatus;
  /** Who made it, by email; null when no member did (an admin token) or they since left. */
  createdBy: string | null;
}

export function keyStatus(
  key: Pick<ListedApiKey, "revokedAt" | "expiresAt">,
  now = new Date(),
): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt <= now) return "expired";
  return "active";
}

/** Emails of the users who made keys, by id: one query for the whole list. */
async function creators(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db().user.findMany({
    where: { id: { in: wanted } },
    select: { id: true, email: true },
  });
  return new Map(users.map((user) => [user.id, user.email]));
}

export async function accountKeys(accountId: string): Promise<PortalKey[]> {
  const keys = await listApiKeys({ accountId });
  const emails = await creators(keys.map((key) => key.createdById));
  return keys.map((key) => ({
    ...key,
    status: keyStatus(key),
    createdBy: key.createdById ? (emails.get(key.createdById) ?? null) : null,
  }));
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
      createdById: true,
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
  const emails = await creators([key.createdById]);
  return {
    ...key,
    status: keyStatus(key),
    createdBy: key.createdById ? (emails.get(key.createdById) ?? null) : null,
    previousExpiresAt: overlapping ? previousExpiresAt : null,
    allowedModels: rest.allowedModels ?? [],
    allowedEndpoints: rest.allowedEndpoints ?? [],
    ipAllowlist: rest.ipAllowlist ?? [],
  };
}

export async function activeKeyCount(accountId: string): Promise<number> {
  return db().apiKey.count({ where: activeKeysOf(accountId) });
}
