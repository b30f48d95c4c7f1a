import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * The one error type of the app's JSON routes (everything but /api/v1, whose errors are the
 * gateway's). Thrown anywhere below a route handler; `errorResponse` turns it into JSON.
 */
export class AppError extends Error {
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options: { param?: string | null; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }
}

export const badRequest = (code: string, message: string) => new AppError(400, code, message);
export const unauthorized = (code: string, message: string) => new AppError(401, code, message);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);

export function tooManyRequests(code: string, message: string, retryAfterSeconds: number) {
  return new AppError(429, code, message, {
    headers: { "Retry-After": String(retryAfterSeconds) },
  });
}

/** The error `type` of OpenAI's shape (a wrong key is an invalid_request_error there too). */
function typeOf(status: number): string {
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_exceeded";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

function json(status: number, error: Record<string, unknown>, headers: Record<string, string>) {
  return Response.json(
    { error: { type: typeOf(status), param: null, ...error } },
    { status, headers: { "Cache-Control": "no-store", ...headers } },
  );
}

/** Prisma's "record to update/delete/find-or-throw does not exist". */
function isMissingRecord(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}

/**
 * The one mapper: an AppError answers with its own status; invalid input (ZodError) is a 422
 * naming the first bad field and listing every issue; a missing record is a 404; anything else
 * is a 500 that says nothing about internals (the error is logged here, never the request).
 */
export function errorResponse(error: unknown, where: string): Response {
  if (error instanceof AppError) {
    const { message, code, param } = error;
    return json(error.status, { message, code, param }, error.headers);
  }
  if (error instanceof z.ZodError) {
    const first = error.issues[0];
    const param = first?.path.join(".") || null;
    const issues = error.issues.map((issue) => ({
      path: issue.path.join("."),
      message: issue.message,
    }));
    const message = `Invalid value for '${param ?? "body"}': ${first?.message ?? "invalid"}.`;
    return json(422, { message, code: "invalid_input", param, issues }, {});
  }
  if (isMissingRecord(error)) {
    return json(404, { message: "Not found.", code: "not_found" }, {});
  }
  console.error(`[web] ${where} failed:`, error);
  const message = "The server had an error processing your request.";
  return json(500, { message, code: "internal_error" }, {});
}
