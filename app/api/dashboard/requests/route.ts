import { AppError, notFound } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { accountKey } from "@/lib/portal/keys";
import { requestLogPage } from "@/lib/portal/request-log";
import { parseRequestLogParams } from "@/lib/portal/request-log-query";

export const dynamic = "force-dynamic";

/**
 * GET /api/dashboard/requests?key=&status=2xx|429&model=&endpoint=&cursor=&limit=: one page of
 * the signed-in account's calls of the last 30 days, newest first, and the next page's cursor.
 */
export const GET = route(
  { auth: "session", permission: "usage:view" },
  async ({ user, request }) => {
    const parsed = parseRequestLogParams(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.ok)
      throw new AppError(400, "invalid_filter", parsed.message, { param: parsed.param });
    const { keyId } = parsed.params.filter;
    // Another account's key id is indistinguishable from one that does not exist.
    if (keyId && !(await accountKey(user.accountId, keyId)))
      throw notFound("key_not_found", "No such key.");
    const page = await requestLogPage(user.accountId, parsed.params);
    return Response.json(
      { data: page.requests, next_cursor: page.nextCursor },
      { headers: { "Cache-Control": "no-store" } },
    );
  },
);
