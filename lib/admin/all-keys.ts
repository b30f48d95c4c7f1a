import { likePattern } from "@/lib/db/like-pattern";
import { displayKey } from "@/lib/keys/format";
import { pool } from "@/lib/services";

interface KeyRow {
  id: string;
  label: string;
  prefix: string;
  last4: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  accountId: string;
  accountName: string;
  email: string | null;
}

/**
 * Keys of every account, newest first (through api_keys' created_at ordering), each with its
 * account and owner; `search` narrows to accounts whose name or a member's email matches.
 */
export async function allKeys(options: { search?: string; page?: number; pageSize?: number } = {}) {
  const pageSize = Math.min(Math.max(options.pageSize ?? 50, 1), 200);
  const page = Math.max(options.page ?? 1, 1);
  const search = options.search?.trim() ?? "";
  const { rows } = await pool().query<KeyRow>(
    `SELECT k.id, k.label, k.prefix, k.last4, k.created_at AS "createdAt", k.last_used_at AS "lastUsedAt",
            k.expires_at AS "expiresAt", k.revoked_at AS "revokedAt", a.id AS "accountId",
            a.name AS "accountName", owner.email
       FROM api_keys k JOIN accounts a ON a.id = k.account_id
       LEFT JOIN LATERAL (
         SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.account_id = a.id ORDER BY m.created_at, u.email LIMIT 1) owner ON true
      WHERE $1 = '' OR a.name ILIKE $1 OR EXISTS (
              SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
               WHERE m.account_id = a.id AND u.email ILIKE $1)
      ORDER BY k.created_at DESC, k.id DESC LIMIT $2 OFFSET $3`,
    [search === "" ? "" : likePattern(search), pageSize + 1, (page - 1) * pageSize],
  );
  return {
    keys: rows
      .slice(0, pageSize)
      .map(({ prefix, last4, accountId, accountName, email, ...key }) => ({
        ...key,
        display: displayKey(last4, prefix),
        account: { id: accountId, name: accountName, email },
      })),
    hasNext: rows.length > pageSize,
    page,
  };
}
