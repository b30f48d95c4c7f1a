import { EndpointForm } from "@/components/admin/endpoint-form";
import { RemoveForm } from "@/components/admin/remove-form";
import { Cell, EmptyRow, Head, Table } from "@/components/admin/table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/admin/require-admin";
import { listCustomEndpoints } from "@/lib/admin/routing/endpoints";
import { removeEndpointAction } from "./actions";

export const metadata = { title: "Custom endpoints" };
export const dynamic = "force-dynamic";

export default async function EndpointsPage() {
  await requireAdmin("/admin/endpoints");
  const endpoints = await listCustomEndpoints();
  return (
    <>
      <PageHeader
        title="Custom endpoints"
        description="Publish any AI API under /api/v1/x/…: proxied as-is with Darwaza keys, plan limits, metering and caching."
      />
      <div className="space-y-6">
        <Card title="Published">
          <Table testId="custom-endpoints">
            <Head
              columns={[
                "Endpoint",
                "Upstream URL",
                "Price",
                "Lowest plan",
                "Credential",
                "State",
                "",
              ]}
            />
            <tbody className="divide-y divide-zinc-100">
              {endpoints.length === 0 && <EmptyRow columns={7}>None published yet.</EmptyRow>}
              {endpoints.map((row) => (
                <tr key={row.path} data-testid="custom-endpoint-row">
                  <Cell mono>
                    {row.method} /api/v1/x/{row.path}
                  </Cell>
                  <Cell mono>{row.targetUrl}</Cell>
                  <Cell>
                    {row.inputPer1k > 0 || row.outputPer1k > 0
                      ? `${row.inputPer1k}/${row.outputPer1k} paisa per 1K tokens, else `
                      : ""}
                    {row.pricePerRequestPaisa} paisa / request
                  </Cell>
                  <Cell>{row.minPlan}</Cell>
                  <Cell>{row.hasCredential ? "set" : "none"}</Cell>
                  <Cell>{row.enabled ? "enabled" : "disabled"}</Cell>
                  <Cell>
                    <RemoveForm action={removeEndpointAction} name={row.path} />
                  </Cell>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
        <Card title="Publish or update an endpoint">
          <EndpointForm />
        </Card>
      </div>
    </>
  );
}
