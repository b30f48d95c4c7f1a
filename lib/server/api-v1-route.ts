import { handleWebRequest } from "@/lib/services/gateway";
import { NOT_SERVED_HERE } from "./api-v1-refusal";
import { linked } from "./gateway-link";

/**
 * The app/api/v1 route handlers: the gateway under `next dev` (and platforms without the custom
 * server). Under `npm start` the gateway process answers /api/v1 itself, so a request that still
 * reaches Next here is refused: a second gateway in the web process would keep limits of its own.
 */
export function apiV1Route(request: Request): Promise<Response> {
  if (linked()) return Promise.resolve(Response.json(NOT_SERVED_HERE, { status: 404 }));
  return handleWebRequest(request);
}
