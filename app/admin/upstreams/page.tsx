import { RemoveForm } from "@/components/admin/remove-form";
import { RoutingStatusTable } from "@/components/admin/routing-status-table";
import { Cell, EmptyRow, Head, Table } from "@/components/admin/table";
import { UpstreamForm } from "@/components/admin/upstream-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/admin/require-admin";
import { listStoredUpstreams } from "@/lib/admin/routing/upstreams";
import { services } from "@/lib/services";
import { removeUpstreamAction } from "./actions";

export const metadata = { title: "Upstreams" };
export const dynamic = "force-dynamic";

export default async function UpstreamsPage() {
  await requireAdmin("/admin/upstreams");
  const stored = await listStoredUpstreams();
  const status = await services().control.routingStatus();
  return (
    <>
      <PageHeader
        title="Upstreams"
        description="Where /api/v1 calls go: weighted among the upstreams serving a model, retried, then failed over; a failing upstream's circuit opens and is probed back. Status is this instance's view."
      />
      <div className="space-y-6">
        <Card title="Routing status">
          <RoutingStatusTable upstreams={status} />
        </Card>
        <Card title="Added in the console">
          <Table testId="stored-upstreams">
            <Head columns={["Name", "Base URL", "Credential", "Weight", "Timeout", "State", ""]} />
            <tbody className="divide-y divide-zinc-100">
              {stored.length === 0 && (
                <EmptyRow columns={7}>None yet: the configuration file's upstreams only.</EmptyRow>
              )}
              {stored.map((row) => (
                <tr key={row.name} data-testid="stored-upstream-row">
                  <Cell mono>{row.name}</Cell>
                  <Cell mono>{row.baseUrl}</Cell>
                  <Cell>{row.hasCredential ? "set" : "none"}</Cell>
                  <Cell right>{row.weight}</Cell>
                  <Cell right>{row.timeoutMs} ms</Cell>
                  <Cell>
                    {row.enabled ? "enabled" : "disabled"}
                    {row.allowPrivateHost ? " · private host allowed" : ""}
                  </Cell>
                  <Cell>
                    <RemoveForm action={removeUpstreamAction} name={row.name} />
                  </Cell>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
        <Card title="Add or update an upstream">
          <UpstreamForm />
        </Card>
      </div>
    </>
  );
}
