import { z } from "zod";
import { notFound } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { revokeApiKey } from "@/lib/keys/revoke";

/** DELETE: revoke the key (audited); every instance refuses it within a second. */
export const DELETE = route(
  { auth: "admin-api", params: z.object({ id: z.string() }) },
  async ({ actor, params }) => {
    const revoked = await revokeApiKey({ id: params.id, actor });
    if (!revoked) throw notFound("key_not_found", "No such key.");
    return Response.json({
      id: revoked.id,
      object: "api_key",
      revoked: true,
      revoked_at: revoked.revokedAt,
    });
  },
);
