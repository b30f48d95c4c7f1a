import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/portal/format";
import { accountAuditLog, auditActorText, describeAudit } from "@/lib/teams/audit";
import { requirePermission } from "@/lib/teams/require";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** This account's audit entries as sentences, newest first; details as a short list, not JSON. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).page;
  const requested = Number(typeof raw === "string" ? raw : 1);
  const user = await requirePermission("audit:view", "/dashboard/audit");
  const { rows, hasNext, page } = await accountAuditLog(user.accountId, requested);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what in this account: team, keys, billing and limits."
      />
      {rows.length === 0 ? (
        <EmptyState title="Nothing yet">Changes to this account will be listed here.</EmptyState>
      ) : (
        <ol
          className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white shadow-sm"
          aria-label="Audit entries"
        >
          {rows.map((row) => {
            const { summary, details } = describeAudit(row);
            return (
              <li key={row.id} className="px-4 py-3" data-testid="audit-entry">
                <p className="break-words font-medium">{summary}</p>
                <p className="mt-0.5 break-all text-sm text-zinc-600">
                  {auditActorText(row)} · <time>{formatDateTime(row.createdAt)}</time>
                </p>
                {details.length > 0 && (
                  <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                    {details.map(([term, value]) => (
                      <div key={term} className="contents">
                        <dt className="text-zinc-500">{term}</dt>
                        <dd className="break-all">{value}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
        {page > 1 ? (
          <Link href={`/dashboard/audit?page=${page - 1}`} className="text-brand-700 underline">
            Newer
          </Link>
        ) : (
          <span />
        )}
        {hasNext && (
          <Link href={`/dashboard/audit?page=${page + 1}`} className="text-brand-700 underline">
            Older
          </Link>
        )}
      </nav>
    </>
  );
}
