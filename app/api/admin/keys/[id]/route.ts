import { GatewayError } from "@/lib/gateway/errors";
import { requireAdminApi } from "@/lib/keys/admin-access";
import { adminJson } from "@/lib/keys/admin-response";
import { revokeApiKey } from "@/lib/keys/revoke";

/** DELETE: revoke the key (audited); every instance refuses it within a second. */
export function DELETE(
  request: Request,
  context: { params: Promise<{ id: string }> },
): Promise<Response> {
  return adminJson(async () => {
    const actor = await requireAdminApi(request);
    const { id } = await context.params;
    const revoked = await revokeApiKey({ id, actor });
    if (!revoked) throw new GatewayError(404, "No such key.", { code: "key_not_found" });
    return Response.json({
      id: revoked.id,
      object: "api_key",
      revoked: true,
      revoked_at: revoked.revokedAt,
    });
  });
}
