import { db } from "@/lib/services";
import { displayKey } from "./format";

/** A key as shown in lists: never the secret, never the hash. */
export interface ListedApiKey {
  id: string;
  accountId: string;
  /** The user who made it (null for keys made by an admin token or before this was recorded). */
  createdById: string | null;
  label: string;
  display: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** The client address of the last use. */
  lastUsedIp: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiKeys(filter: { accountId?: string } = {}): Promise<ListedApiKey[]> {
  const rows = await db().apiKey.findMany({
    where: filter.accountId ? { accountId: filter.accountId } : {},
    orderBy: { createdAt: "desc" },
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
    },
  });
  return rows.map(({ prefix, last4, ...row }) => ({ ...row, display: displayKey(last4, prefix) }));
}
