import { z } from "zod";
import { notFound } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { businessMonth, isMonth } from "@/lib/portal/days";
import { accountKey } from "@/lib/portal/keys";
import { usageCsv } from "@/lib/portal/usage-export";

export const dynamic = "force-dynamic";

const exportQuery = z.object({
  month: z
    .string()
    .refine(isMonth, "month must look like 2025-01")
    .optional()
    .transform((month) => month ?? businessMonth()),
  // An empty ?key= means every key.
  key: z
    .string()
    .optional()
    .transform((key) => key || undefined),
});

// Members whose role includes usage (lib/teams/roles.ts); others get a 403.
const access = { auth: "session", permission: "usage:view", query: exportQuery } as const;

/** GET /api/dashboard/usage/export?month=YYYY-MM[&key=<id>]: the signed-in account's month as CSV. */
export const GET = route(access, async ({ user, query }) => {
  const { month, key: keyId } = query;
  // Another account's key id is indistinguishable from one that does not exist.
  if (keyId && !(await accountKey(user.accountId, keyId)))
    throw notFound("key_not_found", "No such key.");

  const lines = usageCsv(user.accountId, month, keyId);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await lines.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const name = `darwaza-usage-${month}${keyId ? `-${keyId}` : ""}.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
});
