import type { Metadata } from "next";
import { WebhookEndpointForm } from "@/components/dashboard/webhook-endpoint-form";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { microsToPkrText } from "@/lib/credit/money";
import { formatDateTime } from "@/lib/portal/format";
import { db } from "@/lib/services";
import { requirePermission } from "@/lib/teams/require";
import { type DeliveryView, listDeliveries } from "@/lib/webhooks/deliveries";
import { listEndpoints } from "@/lib/webhooks/endpoints";
import { EVENT_LABELS, isEventType } from "@/lib/webhooks/events";
import { lowCreditThreshold } from "@/lib/webhooks/spend-alerts";
import {
  addWebhookEndpoint,
  removeWebhookEndpoint,
  resendWebhookDelivery,
  saveLowCreditAlert,
} from "./actions";

export const metadata: Metadata = { title: "Webhooks" };

const STATUS_STYLES: Record<string, string> = {
  succeeded: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
  pending: "bg-amber-100 text-amber-900",
  sending: "bg-sky-100 text-sky-900",
};

function Delivery({ delivery }: { delivery: DeliveryView }) {
  const label = isEventType(delivery.eventType) ? EVENT_LABELS[delivery.eventType] : "Event";
  return (
    <li
      data-testid="delivery-row"
      data-event-type={delivery.eventType}
      data-status={delivery.status}
      className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between"
    >
      <div className="min-w-0 space-y-1 text-sm">
        <p className="font-medium text-zinc-900">
          <code className="text-xs">{delivery.eventType}</code> · {label}
        </p>
        <p className="break-all text-zinc-600">{delivery.url}</p>
        <p className="text-zinc-600">
          <span
            className={`mr-2 inline-block rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[delivery.status] ?? ""}`}
            data-testid="delivery-status"
          >
            {delivery.status}
          </span>
          <span data-testid="delivery-attempts">
            {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
          </span>
          {delivery.lastStatus !== null && (
            <span data-testid="delivery-code"> · last response {delivery.lastStatus}</span>
          )}
          {delivery.lastStatus === null && delivery.lastError && (
            <span className="break-all"> · {delivery.lastError}</span>
          )}
        </p>
        <p className="text-xs text-zinc-500">
          Created {formatDateTime(delivery.createdAt)}
          {delivery.nextAttemptAt && ` · next try ${formatDateTime(delivery.nextAttemptAt, true)}`}
        </p>
      </div>
      <form action={resendWebhookDelivery}>
        <input type="hidden" name="id" value={delivery.id} />
        <button type="submit" className={buttonStyles.secondary}>
          Resend
        </button>
      </form>
    </li>
  );
}

export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("webhooks:manage", "/dashboard/webhooks");
  const query = await searchParams;
  const [endpoints, deliveries, lowCredit] = await Promise.all([
    listEndpoints(user.accountId),
    listDeliveries(user.accountId),
    lowCreditThreshold(db(), user.accountId),
  ]);
  return (
    <>
      <PageHeader
        title="Webhooks and alerts"
        description="We email your account's owners when something happens, and send each event you choose to your endpoints as a signed webhook, retried for up to 3 days."
      />
      {query.resent && (
        <Alert tone="success">Sent again: it appears below as a new delivery.</Alert>
      )}
      {query.error && <Alert>That delivery was not found.</Alert>}
      {typeof query.invalid === "string" && <Alert>{query.invalid}</Alert>}
      {query.saved && <Alert tone="success">Low-credit alert saved.</Alert>}
      <Card title="Add an endpoint" className="mb-6">
        <WebhookEndpointForm action={addWebhookEndpoint} />
      </Card>
      <Card title="Low-credit alert" className="mb-6">
        <form
          action={saveLowCreditAlert}
          className="flex flex-col gap-3 sm:flex-row sm:items-start"
        >
          <Field
            name="threshold"
            label="Alert me when credit falls below (PKR)"
            inputMode="decimal"
            defaultValue={lowCredit === null ? "" : microsToPkrText(lowCredit)}
            hint="Leave blank for no low-credit alert. Spend-cap alerts follow the caps on the Credit page."
            className="flex-1"
          />
          <button type="submit" className={`${buttonStyles.secondary} sm:mt-6`}>
            Save
          </button>
        </form>
      </Card>
      <Card title="Endpoints" className="mb-6">
        {endpoints.length === 0 ? (
          <EmptyState title="No endpoints yet">Add a URL above to receive webhooks.</EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-200">
            {endpoints.map((endpoint) => (
              <li
                key={endpoint.id}
                data-testid="endpoint-row"
                className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between"
              >
                <div className="min-w-0 text-sm">
                  <p className="break-all font-medium text-zinc-900">{endpoint.url}</p>
                  <p className="text-zinc-600">
                    {endpoint.events.length} events · added {formatDateTime(endpoint.createdAt)}
                  </p>
                </div>
                <form action={removeWebhookEndpoint}>
                  <input type="hidden" name="id" value={endpoint.id} />
                  <button type="submit" className={buttonStyles.danger}>
                    Remove
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Deliveries">
        {deliveries.length === 0 ? (
          <EmptyState title="No deliveries yet">
            Events sent to your endpoints appear here with each attempt&apos;s result.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-200">
            {deliveries.map((delivery) => (
              <Delivery key={delivery.id} delivery={delivery} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
