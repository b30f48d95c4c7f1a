import { CustomerSearch } from "@/components/admin/customer-search";
import { CustomersTable } from "@/components/admin/customers-table";
import { Pager } from "@/components/admin/pager";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/admin/require-admin";
import { pageParam, param, type SearchParams } from "@/lib/admin/search-params";
import { formatCount, formatCountOf } from "@/lib/plans/money";
import { type CustomerSort, listCustomers } from "@/lib/usage/customers";
import { currentPeriod } from "@/lib/usage/period";

export const metadata = { title: "Customers" };

export default async function CustomersPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin("/admin/customers");
  const params = await searchParams;
  const search = param(params, "q");
  const sort: CustomerSort = param(params, "sort") === "requests" ? "requests" : "newest";
  const result = await listCustomers(currentPeriod(), { search, sort, page: pageParam(params) });
  const first = (result.page - 1) * result.pageSize + 1;
  const last = first + result.rows.length - 1;
  return (
    <>
      <PageHeader
        title="Customers"
        description="Every customer account, with its requests and tokens this month."
      />
      <div className="space-y-4">
        <CustomerSearch search={search} sort={sort} />
        <CustomersTable rows={result.rows} />
        <Pager
          path="/admin/customers"
          params={{ q: search, sort: sort === "newest" ? undefined : sort }}
          page={result.page}
          hasNext={last < result.total}
          summary={
            result.rows.length > 0
              ? `${formatCount(first)}–${formatCount(last)} of ${formatCount(result.total)}`
              : formatCountOf(result.total, "customer")
          }
        />
      </div>
    </>
  );
}
