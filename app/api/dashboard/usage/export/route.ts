import type { NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { isSameOrigin } from "@/lib/auth/origin";
import { businessMonth, isMonth } from "@/lib/portal/days";
import { accountKey } from "@/lib/portal/keys";
import { usageCsv } from "@/lib/portal/usage-export";

export const dynamic = "force-dynamic";

function problem(status: number, message: string): Response {
  return Response.json(
    { error: { message } },
    { status, headers: { "Cache-Control": "no-store" } },
  );
}

/** GET /api/dashboard/usage/export?month=YYYY-MM[&key=<id>]: the signed-in account's month as CSV. */
export async function GET(request: NextRequest): Promise<Response> {
  if (!isSameOrigin(request)) return problem(403, "Cross-site request refused");
  const user = await getCurrentUser();
  if (!user) return problem(401, "Sign in first");

  const month = request.nextUrl.searchParams.get("month") ?? businessMonth();
  if (!isMonth(month)) return problem(400, "month must look like 2025-01");
  const keyId = request.nextUrl.searchParams.get("key") ?? undefined;
  // Another account's key id is indistinguishable from one that does not exist.
  if (keyId && !(await accountKey(user.accountId, keyId))) return problem(404, "No such key");

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
}
