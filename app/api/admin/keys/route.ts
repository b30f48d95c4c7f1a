import { z } from "zod";
import { createKeyFor } from "@/lib/admin/control/keys";
import { AppError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { listApiKeys } from "@/lib/keys/list";
import { PLAN_IDS } from "@/lib/plans/plans";
import { db } from "@/lib/services";

const createSchema = z.object({
  email: z.email(),
  label: z.string().trim().min(1).max(64),
  plan: z.enum(PLAN_IDS).optional(),
});

/**
 * POST {email, label, plan?}: a key for the email's account (user and account created when the
 * email is new, on `plan`); the secret is in this response only. 201 {key, id, label, plan}.
 */
export const POST = route({ auth: "admin-api", body: createSchema }, async ({ actor, body }) => {
  const result = await createKeyFor(actor, { ...body, accountId: null });
  if (!result.ok) {
    throw new AppError(result.code === "too_many_keys" ? 409 : 404, result.code, result.error);
  }
  const account = await db().account.findUniqueOrThrow({
    where: { id: result.accountId },
    select: { plan: true },
  });
  return Response.json(
    {
      key: result.key.key,
      id: result.key.id,
      label: result.key.label,
      plan: account.plan,
      account_id: result.accountId,
      display: result.key.display,
    },
    { status: 201 },
  );
});

const listQuery = z.object({ account_id: z.string().optional() });

/** GET [?account_id=]: the keys, newest first — never the secret or its hash. */
export const GET = route({ auth: "admin-api", query: listQuery }, async ({ query }) => {
  const keys = await listApiKeys({ accountId: query.account_id });
  return Response.json({
    object: "list",
    data: keys.map((key) => ({
      id: key.id,
      account_id: key.accountId,
      label: key.label,
      display: key.display,
      created_at: key.createdAt,
      last_used_at: key.lastUsedAt,
      expires_at: key.expiresAt,
      revoked_at: key.revokedAt,
    })),
  });
});
