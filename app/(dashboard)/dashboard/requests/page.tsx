import type { Metadata } from "next";
import Link from "next/link";
import {
  RequestLogFilters,
  type RequestLogFilterValues,
} from "@/components/dashboard/request-log-filters";
import { RequestLogList } from "@/components/dashboard/request-log-list";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requestLogFilterChoices, requestLogPage } from "@/lib/portal/request-log";
import { parseRequestLogParams, REQUEST_LOG_DAYS } from "@/lib/portal/request-log-query";
import { requirePermission } from "@/lib/teams/require";

export const metadata: Metadata = { title: "Request log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const FILTERS = ["key", "status", "model", "endpoint"] as const;

/** The first value of each parameter the page knows. */
function single(search: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...FILTERS, "cursor"]) {
    const value = search[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first;
  }
  return out;
}

function hrefWith(values: Record<string, string>, cursor?: string): string {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (values[name]) query.set(name, values[name]);
  if (cursor) query.set("cursor", cursor);
  const text = query.toString();
  return text ? `/dashboard/requests?${text}` : "/dashboard/requests";
}

export default async function RequestsPage({ searchParams }: { searchParams: SearchParams }) {
  const values = single(await searchParams);
  const user = await requirePermission("usage:view", hrefWith(values, values.cursor));
  const parsed = parseRequestLogParams(values);
  const [choices, page] = await Promise.all([
    requestLogFilterChoices(user.accountId),
    parsed.ok ? requestLogPage(user.accountId, parsed.params) : null,
  ]);
  const filterValues: RequestLogFilterValues = values;
  return (
    <>
      <PageHeader
        title="Request log"
        description={`Every call of the last ${REQUEST_LOG_DAYS} days, newest first. Open a row for its request id and details.`}
      />
      <RequestLogFilters choices={choices} values={filterValues} />
      {!parsed.ok ? (
        <Alert testId="request-log-error">{parsed.message}</Alert>
      ) : page && page.requests.length === 0 ? (
        <EmptyState title={values.cursor ? "No older requests" : "No requests found"}>
          {FILTERS.some((name) => values[name])
            ? "Nothing matches these filters in the last 30 days."
            : "Calls made with your keys appear here within a few seconds."}
        </EmptyState>
      ) : page ? (
        <Card>
          <RequestLogList requests={page.requests} />
          <nav aria-label="Pages" className="mt-4 flex flex-wrap justify-between gap-2">
            {values.cursor ? (
              <Link href={hrefWith(values)} className={buttonStyles.secondary}>
                Newest
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor && (
              <Link
                href={hrefWith(values, page.nextCursor)}
                className={buttonStyles.secondary}
                data-testid="older-requests"
              >
                Older requests
              </Link>
            )}
          </nav>
        </Card>
      ) : null}
    </>
  );
}
