import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { runAtomically } from "./atomic";
import type { EmulatorContext, Route } from "./context";
import { StripeApiError } from "./errors";
import { applyExpand } from "./expand";
import { parseForm } from "./form";
import { Params } from "./params";
import { ApiVersion } from "./version";

export interface EmulatorRequest {
  method: string;
  /** Path and query, e.g. "/v1/prices?lookup_keys[0]=x". */
  url: string;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function json(status: number, body: unknown, requestId: string): EmulatorResponse {
  return {
    status,
    headers: {
      "content-type": "application/json",
      "request-id": requestId,
      "stripe-version": ApiVersion,
      "cache-control": "no-cache, no-store",
    },
    // Stripe pretty-prints its JSON; clients must not depend on either form.
    body: JSON.stringify(body, null, 2),
  };
}

/** A Stripe-shaped error response outside the API routes (the test hooks' auth). */
export function errorResponse(error: StripeApiError): EmulatorResponse {
  const requestId = `req_${randomBytes(10).toString("hex")}`;
  return json(error.status, error.body(requestId), requestId);
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function authenticate(
  headers: EmulatorRequest["headers"],
  apiKey: string,
): StripeApiError | null {
  const header = headers.authorization ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  const key =
    bearer ?? (basic ? Buffer.from(basic, "base64").toString("utf8").split(":")[0] : undefined);
  if (!key) {
    return new StripeApiError(
      401,
      "invalid_request_error",
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (sameSecret(key, apiKey)) return null;
  return new StripeApiError(
    401,
    "invalid_request_error",
    `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`,
  );
}

function match(routes: Route[], method: string, pathname: string) {
  const parts = pathname.split("/").filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split("/").filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const path: Record<string, string> = {};
    const ok = pattern.every((segment, index) => {
      const part = decodeURIComponent(parts[index] ?? "");
      if (segment.startsWith(":")) {
        path[segment.slice(1)] = part;
        return part !== "";
      }
      return segment === part;
    });
    if (ok) return { route, path };
  }
  return null;
}

/**
 * One Stripe API call: Bearer auth, form-encoded parameters, idempotency keys (a replay returns the
 * first response with `Idempotent-Replayed: true`; a reused key with other parameters is a 400),
 * `expand[]`, Stripe-shaped errors, and a saved state after every change.
 */
export function handleApiRequest(
  ctx: EmulatorContext,
  apiKey: string,
  routes: Route[],
  request: EmulatorRequest,
): EmulatorResponse {
  const requestId = `req_${randomBytes(10).toString("hex")}`;
  const url = new URL(request.url, "http://emulator.invalid");
  const method = request.method.toUpperCase();
  const authError = authenticate(request.headers, apiKey);
  if (authError) return json(authError.status, authError.body(requestId), requestId);
  const found = match(routes, method, url.pathname);
  if (!found) {
    const message = `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`;
    return json(
      404,
      new StripeApiError(404, "invalid_request_error", message).body(requestId),
      requestId,
    );
  }
  const encoded = method === "POST" ? request.body : url.search.slice(1);
  const idempotencyKey = method === "POST" ? (request.headers["idempotency-key"] ?? null) : null;
  const fingerprint = createHash("sha256")
    .update(`${method} ${url.pathname}\n${encoded}`)
    .digest("hex");
  const stored = idempotencyKey ? ctx.state.data.idempotency[idempotencyKey] : undefined;
  if (stored && idempotencyKey) {
    if (stored.fingerprint !== fingerprint) {
      const error = new StripeApiError(
        400,
        "idempotency_error",
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
      );
      return json(400, error.body(requestId), requestId);
    }
    return {
      status: stored.status,
      headers: {
        ...json(stored.status, null, requestId).headers,
        "idempotent-replayed": "true",
        "idempotency-key": idempotencyKey,
      },
      body: stored.body,
    };
  }
  try {
    const params = new Params(parseForm(encoded));
    params.allowOnly([...found.route.allowed, "expand"]);
    const expand = params.strings("expand") ?? [];
    const body = runAtomically(
      ctx,
      (inner) => {
        const result = found.route.handle({
          ...inner,
          params,
          path: found.path,
          requestId,
          idempotencyKey,
        });
        const rendered = JSON.stringify(applyExpand(inner, result, expand), null, 2);
        if (idempotencyKey) {
          inner.state.data.idempotency[idempotencyKey] = {
            method,
            path: url.pathname,
            fingerprint,
            status: 200,
            body: rendered,
            created: inner.state.now(),
          };
        }
        return rendered;
      },
      found.route.mutates,
    );
    const response = json(200, null, requestId);
    if (idempotencyKey) response.headers["idempotency-key"] = idempotencyKey;
    return { ...response, body };
  } catch (error) {
    if (error instanceof StripeApiError && error.keepsChanges && idempotencyKey) {
      // A card decline is a result, saved like a success: a retry with the key gets it again.
      const body = JSON.stringify(error.body(requestId), null, 2);
      ctx.state.data.idempotency[idempotencyKey] = {
        method,
        path: url.pathname,
        fingerprint,
        status: error.status,
        body,
        created: ctx.state.now(),
      };
      ctx.state.save();
      return { ...json(error.status, null, requestId), body };
    }
    if (error instanceof StripeApiError)
      return json(error.status, error.body(requestId), requestId);
    console.error("Stripe emulator: internal error", error);
    const internal = new StripeApiError(
      500,
      "api_error",
      "An unknown error occurred in the emulator.",
    );
    return json(500, internal.body(requestId), requestId);
  }
}
