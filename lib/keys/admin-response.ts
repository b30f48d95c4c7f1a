import { errorBody, GatewayError, toGatewayError } from "@/lib/gateway/errors";

/** Run an admin API handler; any failure becomes the same OpenAI-shaped error JSON as /api/v1. */
export async function adminJson(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (thrown) {
    const error = toGatewayError(thrown, "admin");
    return new Response(errorBody(error), {
      status: error.status,
      headers: { "content-type": "application/json", ...error.headers },
    });
  }
}

export { GatewayError };
