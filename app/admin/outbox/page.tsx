import { Cell, EmptyRow, Head, Table } from "@/components/admin/table";
import { MailModeBanner } from "@/components/mail-mode-banner";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/admin/require-admin";
import { env } from "@/lib/config/env";
import { recentOutbox } from "@/lib/mail/outbox";
import { mailSettings } from "@/lib/mail/settings";
import { formatDateTime } from "@/lib/portal/format";

export const metadata = { title: "Outbox" };

export default async function OutboxPage() {
  await requireAdmin("/admin/outbox");
  const settings = mailSettings(env());
  const mails = await recentOutbox(100);
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Mail kept instead of sent while no SMTP server is configured: the newest 100."
      />
      <MailModeBanner mode={settings.mode} audience="admin" />
      <Table testId="outbox-table">
        <Head columns={["Sent", "To", "Subject", "Message"]} />
        <tbody className="divide-y divide-zinc-100">
          {mails.length === 0 && <EmptyRow columns={4}>No mail yet.</EmptyRow>}
          {mails.map((mail) => (
            <tr key={mail.id} data-testid="outbox-row" className="align-top">
              <Cell className="whitespace-nowrap text-zinc-500">
                {formatDateTime(mail.createdAt)}
              </Cell>
              <Cell>{mail.to}</Cell>
              <Cell>{mail.subject}</Cell>
              <Cell>
                <pre className="max-w-xl whitespace-pre-wrap break-all font-mono text-xs text-zinc-700">
                  {mail.text}
                </pre>
              </Cell>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
