import { AuditFilters } from "@/components/admin/audit-filters";
import { AuditTable } from "@/components/admin/audit-table";
import { Pager } from "@/components/admin/pager";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/admin/require-admin";
import { dayParam, pageParam, param, type SearchParams } from "@/lib/admin/search-params";
import { type AuditFilter, auditActions, auditLog } from "@/lib/audit/log";
import { currentPeriod } from "@/lib/usage/period";

export const metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin("/admin/audit");
  const params = await searchParams;
  const filter: AuditFilter = {
    action: param(params, "action"),
    account: param(params, "account"),
    actor: param(params, "actor"),
    from: dayParam(params, "from"),
    to: dayParam(params, "to"),
    page: pageParam(params),
  };
  const [log, actions] = await Promise.all([
    auditLog(filter, currentPeriod().timeZone),
    auditActions(),
  ]);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Admin, billing and key actions: who did what, and when."
      />
      <div className="space-y-4">
        <AuditFilters filter={filter} actions={actions} />
        <AuditTable rows={log.rows} />
        <Pager
          path="/admin/audit"
          params={{
            action: filter.action,
            account: filter.account,
            actor: filter.actor,
            from: filter.from,
            to: filter.to,
          }}
          page={log.page}
          hasNext={log.hasNext}
        />
      </div>
    </>
  );
}
