import { z } from "zod";
import { createKeyFor } from "@/lib/admin/control/keys";
import { badRequest, GatewayError } from "@/lib/gateway/errors";
import { requireAdminApi } from "@/lib/keys/admin-access";
import { adminJson } from "@/lib/keys/admin-response";
import { listApiKeys } from "@/lib/keys/list";
import { PLAN_IDS } from "@/lib/plans/plans";
import { db } from "@/lib/services";

const createSchema = z.object({
  email: z.email(),
  label: z.string().trim().min(1).max(64),
  plan: z.enum(PLAN_IDS).optional(),
});

async function body(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw badRequest("The request body must be JSON.", null, "invalid_json");
  }
}

/**
 * POST {email, label, plan?}: a key for the email's account (user and account created when the
 * email is new, on `plan`); the secret is in this response only. 201 {key, id, label, plan}.
 */
export function POST(request: Request): Promise<Response> {
  return adminJson(async () => {
    const actor = await requireAdminApi(request);
    const parsed = createSchema.safeParse(await body(request));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = issue.path.join(".") || null;
      throw badRequest(`Invalid value for '${param ?? "body"}': ${issue.message}.`, param);
    }
    const result = await createKeyFor(actor, { ...parsed.data, accountId: null });
    if (!result.ok) {
      throw new GatewayError(result.code === "too_many_keys" ? 409 : 404, result.error, {
        code: result.code,
      });
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
}

/** GET [?account_id=]: the keys, newest first — never the secret or its hash. */
export function GET(request: Request): Promise<Response> {
  return adminJson(async () => {
    await requireAdminApi(request);
    const accountId = new URL(request.url).searchParams.get("account_id") ?? undefined;
    const keys = await listApiKeys({ accountId });
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
}
