import Link from "next/link";
import type { StripeEventRow } from "@/lib/admin/stripe-events";
import { formatDateTime } from "@/lib/portal/format";
import { Badge, toneOf } from "./badges";
import { Cell, EmptyRow, Head, Table } from "./table";

/** Webhook events as received: type, result, and the error when processing failed. */
export function StripeEventsTable({
  events,
  showAccount = true,
}: {
  events: StripeEventRow[];
  showAccount?: boolean;
}) {
  const columns = [
    "Received",
    "Type",
    "Result",
    ...(showAccount ? ["Account"] : []),
    "Error",
    "Event id",
  ];
  return (
    <Table testId="stripe-events-table">
      <Head columns={columns} />
      <tbody className="divide-y divide-zinc-100">
        {events.length === 0 && (
          <EmptyRow columns={columns.length}>No Stripe events received.</EmptyRow>
        )}
        {events.map((event) => (
          <tr key={event.id} data-testid="stripe-event-row">
            <Cell className="whitespace-nowrap text-zinc-600">
              {formatDateTime(event.receivedAt, true)}
            </Cell>
            <Cell mono>{event.type}</Cell>
            <Cell>
              <Badge tone={event.error ? "bad" : toneOf(event.status)}>{event.status}</Badge>
            </Cell>
            {showAccount && (
              <Cell mono>
                {event.accountId ? (
                  <Link href={`/admin/customers/${event.accountId}`} className="hover:underline">
                    {event.accountId}
                  </Link>
                ) : (
                  "—"
                )}
              </Cell>
            )}
            <Cell className="max-w-sm break-words text-red-700">{event.error ?? ""}</Cell>
            <Cell mono className="text-zinc-500">
              {event.id}
            </Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
