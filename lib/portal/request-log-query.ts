import { z } from "zod";
import type { RequestLogCursor, RequestLogFilter, StatusRange } from "@/lib/usage/request-log";

/** The request log shows this many days back. */
export const REQUEST_LOG_DAYS = 30;
export const PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** What a filter names: printable, no spaces, bounded (an id, a model or an endpoint name). */
const NAME = /^[\w.:/@+-]{1,200}$/;

/** "2xx" … "5xx", or one code 100–599. */
export function parseStatus(text: string): StatusRange | null {
  const group = /^([1-5])xx$/i.exec(text);
  if (group) return { min: Number(group[1]) * 100, max: Number(group[1]) * 100 + 99 };
  if (/^[1-5]\d\d$/.test(text)) return { min: Number(text), max: Number(text) };
  return null;
}

/** A cursor as the client carries it: base64url of "<epoch ms>:<id>". */
export function encodeCursor(cursor: RequestLogCursor): string {
  return Buffer.from(`${cursor.at.getTime()}:${cursor.id}`).toString("base64url");
}

export function decodeCursor(text: string): RequestLogCursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return null;
  const match = /^(\d{1,15}):([\w.:/@+-]{1,200})$/.exec(
    Buffer.from(text, "base64url").toString("utf8"),
  );
  if (!match) return null;
  const at = new Date(Number(match[1]));
  return Number.isNaN(at.getTime()) ? null : { at, id: match[2] };
}

/** Empty strings (an untouched select in a GET form) mean "any". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const name = (what: string) => z.string().regex(NAME, `${what} is not a valid name`);

/** The request log's query string, as the page and GET /api/dashboard/requests take it. */
export const requestLogParams = z.object({
  key: optional(name("key")),
  status: optional(
    z.string().transform((text, context) => {
      const range = parseStatus(text.trim());
      if (!range) context.addIssue({ code: "custom", message: "use 2xx–5xx or a code like 429" });
      return range ?? { min: 0, max: 0 };
    }),
  ),
  model: optional(name("model")),
  endpoint: optional(name("endpoint")),
  cursor: optional(
    z.string().transform((text, context) => {
      const cursor = decodeCursor(text);
      if (!cursor) context.addIssue({ code: "custom", message: "not a cursor from this log" });
      return cursor ?? { at: new Date(0), id: "" };
    }),
  ),
  limit: optional(
    z.coerce
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`),
  ),
});

export interface RequestLogParams {
  filter: RequestLogFilter;
  cursor: RequestLogCursor | null;
  limit: number;
}

export type ParsedParams =
  | { ok: true; params: RequestLogParams }
  | { ok: false; param: string; message: string };

/** The query string checked: the first bad parameter and why, or the filter, cursor and size. */
export function parseRequestLogParams(search: Record<string, unknown>): ParsedParams {
  const parsed = requestLogParams.safeParse(search);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = String(issue?.path[0] ?? "query");
    return { ok: false, param, message: `Invalid '${param}': ${issue?.message ?? "invalid"}.` };
  }
  const { key, status, model, endpoint, cursor, limit } = parsed.data;
  return {
    ok: true,
    params: {
      filter: { keyId: key, status, model, endpoint },
      cursor: cursor ?? null,
      limit: limit ?? PAGE_SIZE,
    },
  };
}
