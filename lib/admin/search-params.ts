/** What a page's searchParams promise resolves to in Next 16. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The first value of a query parameter, trimmed; undefined when absent or blank. */
export function param(
  params: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const raw = params[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value.slice(0, 200) : undefined;
}

/** A page number: a positive whole number, else 1. */
export function pageParam(params: Record<string, string | string[] | undefined>): number {
  const value = Number(param(params, "page"));
  return Number.isInteger(value) && value > 0 ? Math.min(value, 100_000) : 1;
}

/** "YYYY-MM-DD" or undefined: a date filter the database will accept. */
export function dayParam(
  params: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = param(params, name);
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
    ? value
    : undefined;
}
