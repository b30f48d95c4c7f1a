import { StripeEventsTable } from "@/components/admin/stripe-events-table";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/admin/require-admin";
import { recentStripeEvents } from "@/lib/admin/stripe-events";

export const metadata = { title: "Webhook events" };

export default async function WebhooksPage() {
  await requireAdmin("/admin/webhooks");
  const events = await recentStripeEvents({ limit: 100 });
  return (
    <>
      <PageHeader
        title="Webhook events"
        description="The last 100 Stripe events received, with what became of each. A failed one is retried by Stripe."
      />
      <StripeEventsTable events={events} />
    </>
  );
}
