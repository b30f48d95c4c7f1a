import { invalidRequest } from "./errors";
import type { Params } from "./params";
import type { EmulatorState } from "./state";

export interface StripeList<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export interface StripeSearchResult<T> {
  object: "search_result";
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
}

export const LIST_PARAMS = ["limit", "starting_after", "ending_before", "expand"] as const;

function limitOf(params: Params): number {
  const limit = params.integer("limit") ?? 10;
  if (limit < 1 || limit > 100)
    throw invalidRequest("Invalid limit: must be between 1 and 100", "limit");
  return limit;
}

/**
 * Stripe's cursor pagination: newest first, `starting_after` / `ending_before` naming an object
 * id of the same list.
 */
export function paginate<R extends { id: string }, T>(
  state: EmulatorState,
  records: R[],
  params: Params,
  url: string,
  render: (record: R) => T,
): StripeList<T> {
  const sorted = [...records].sort((a, b) => state.orderOf(b.id) - state.orderOf(a.id));
  const limit = limitOf(params);
  const after = params.string("starting_after");
  const before = params.string("ending_before");
  let window = sorted;
  if (after) {
    const index = sorted.findIndex((record) => record.id === after);
    if (index < 0)
      throw invalidRequest(`No such object: '${after}'`, "starting_after", "resource_missing");
    window = sorted.slice(index + 1);
  } else if (before) {
    const index = sorted.findIndex((record) => record.id === before);
    if (index < 0)
      throw invalidRequest(`No such object: '${before}'`, "ending_before", "resource_missing");
    window = sorted.slice(Math.max(0, index - limit), index);
    return { object: "list", data: window.map(render), has_more: index - limit > 0, url };
  }
  return {
    object: "list",
    data: window.slice(0, limit).map(render),
    has_more: window.length > limit,
    url,
  };
}

export type SearchClause = { field: string; key: string | null; value: string };

/**
 * The subset of Stripe's search query language Darwaza uses: clauses `field:'value'` or
 * `metadata['key']:'value'` joined by AND. Anything else is refused rather than misread.
 */
export function parseSearchQuery(query: string): SearchClause[] {
  const clauses: SearchClause[] = [];
  for (const part of query.split(/\s+AND\s+/i)) {
    const match = /^\s*([a-z_]+)(?:\[(?:'([^']*)'|"([^"]*)")\])?:(?:'([^']*)'|"([^"]*)")\s*$/.exec(
      part,
    );
    if (!match) throw invalidRequest(`Invalid search query: ${query}`, "query");
    const [, field = "", keySingle, keyDouble, valueSingle, valueDouble] = match;
    clauses.push({
      field,
      key: keySingle ?? keyDouble ?? null,
      value: valueSingle ?? valueDouble ?? "",
    });
  }
  return clauses;
}
