import { AdminKeysTable } from "@/components/admin/admin-keys-table";
import { AdminCreateKeyForm } from "@/components/admin/create-key-form";
import { Pager } from "@/components/admin/pager";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { allKeys } from "@/lib/admin/all-keys";
import { requireAdmin } from "@/lib/admin/require-admin";
import { pageParam, param, type SearchParams } from "@/lib/admin/search-params";

export const metadata = { title: "Keys" };

export default async function AdminKeysPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin("/admin/keys");
  const params = await searchParams;
  const search = param(params, "q");
  const result = await allKeys({ search, page: pageParam(params) });
  return (
    <>
      <PageHeader
        title="Keys"
        description="Create a key for any account (shown once), or revoke any key: it stops working at once."
      />
      <div className="space-y-6">
        <Card title="Create a key">
          <AdminCreateKeyForm />
        </Card>
        <Card title="All keys">
          <search>
            <form action="/admin/keys" method="get" className="mb-4 flex gap-2">
              <input
                name="q"
                type="search"
                defaultValue={search}
                aria-label="Email or organization"
                placeholder="Email or organization"
                className="block w-full max-w-sm rounded-lg border border-zinc-300 px-3 py-2 text-sm"
              />
              <button type="submit" className={buttonStyles.secondary}>
                Filter
              </button>
            </form>
          </search>
          <AdminKeysTable keys={result.keys} />
          <Pager
            path="/admin/keys"
            params={{ q: search }}
            page={result.page}
            hasNext={result.hasNext}
          />
        </Card>
      </div>
    </>
  );
}
