import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireAdminApi } from "@/lib/admin/api-access";
import type { Actor } from "@/lib/audit/record";
import { type CurrentUser, getCurrentUser } from "@/lib/auth/current-user";
import { isSameOrigin } from "@/lib/auth/origin";
import { can, type Permission } from "@/lib/teams/roles";
import { badRequest, errorResponse, forbidden, unauthorized } from "./errors";

/**
 * Who may call a route: anyone; the signed-in user of a same-site request (the session rides on
 * a cookie, so another site's request is refused); or an admin through the admin API (bearer
 * token or an admin's session, see lib/admin/api-access.ts).
 */
export type RouteAuth = "none" | "session" | "admin-api";

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

type Caller<A extends RouteAuth> = A extends "session"
  ? { user: CurrentUser }
  : A extends "admin-api"
    ? { actor: Actor }
    : object;

export type RouteContext<
  A extends RouteAuth,
  B extends Schema,
  Q extends Schema,
  P extends Schema,
> = {
  request: Request;
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
} & Caller<A>;

export interface RouteOptions<
  A extends RouteAuth,
  B extends Schema,
  Q extends Schema,
  P extends Schema,
> {
  auth: A;
  /** With auth "session": what the user's role in the current account must grant. */
  permission?: Permission;
  /** The JSON body: a body that is not JSON is a 400, one the schema refuses a 422. */
  body?: B;
  /** The query string, one value per name. */
  query?: Q;
  /** The dynamic segments of the route's path. */
  params?: P;
}

/** What Next calls: the request, and the route's params (absent when a test calls it directly). */
export type RouteHandler = (
  request: Request,
  context?: { params: Promise<unknown> },
) => Promise<Response>;

async function caller(
  auth: RouteAuth,
  request: Request,
  permission: Permission | undefined,
): Promise<object> {
  if (auth === "admin-api") return { actor: await requireAdminApi(request) };
  if (auth === "none") return {};
  if (!isSameOrigin(request)) throw forbidden("cross_site_request", "Cross-site request refused.");
  const user = await getCurrentUser();
  if (!user) throw unauthorized("unauthenticated", "Sign in first.");
  if (permission && !can(user.teamRole, permission))
    throw forbidden("role_forbidden", "Your role in this account does not allow this.");
  return { user };
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw badRequest("invalid_json", "The request body must be JSON.");
  }
}

/**
 * The one wrapper for the app's JSON route handlers (not /api/v1: the gateway answers there):
 * checks who is calling, then parses params, query and body with their schemas, then runs the
 * handler. Whatever it throws becomes JSON through `errorResponse` (lib/http/errors.ts).
 */
export function route<
  A extends RouteAuth,
  B extends Schema = undefined,
  Q extends Schema = undefined,
  P extends Schema = undefined,
>(
  options: RouteOptions<A, B, Q, P>,
  handler: (context: RouteContext<A, B, Q, P>) => Promise<Response>,
): RouteHandler {
  return async (request, context) => {
    try {
      const who = await caller(options.auth, request, options.permission);
      const params = options.params?.parse((await context?.params) ?? {});
      const search = Object.fromEntries(new URL(request.url).searchParams);
      const query = options.query?.parse(search);
      const body = options.body?.parse(await jsonBody(request));
      return await handler({ request, body, query, params, ...who } as RouteContext<A, B, Q, P>);
    } catch (error) {
      // redirect() and notFound() are Next's own control flow: let them through.
      unstable_rethrow(error);
      return errorResponse(error, `${request.method} ${new URL(request.url).pathname}`);
    }
  };
}
