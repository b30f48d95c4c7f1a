import type { Metadata } from "next";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasPassword, isAccountOwner } from "@/lib/account/owner";
import { requireUser } from "@/lib/auth/current-user";
import { DeleteForm } from "./delete-form";
import { EmailForm } from "./email-form";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/dashboard/account");
  const [owner, password] = await Promise.all([
    isAccountOwner(user.id, user.accountId),
    hasPassword(user.id),
  ]);
  return (
    <>
      <PageHeader title="Account" description={`Signed in as ${user.email}.`} />
      <div className="space-y-6">
        <Card title="Password" testId="password-card">
          <PasswordForm />
        </Card>
        <Card title="Email" testId="email-card">
          <EmailForm current={user.email} needsPassword={password} />
        </Card>
        <Card title="Your data">
          <p className="mb-4 max-w-prose text-sm text-zinc-600">
            Download everything we keep about you and this account as one JSON file: profile, API
            keys (never their secrets), usage by month, subscriptions, invoices and credit history.
          </p>
          <a
            href="/api/account/export"
            download
            className={buttonStyles.secondary}
            data-testid="export-data"
          >
            Export my data
          </a>
        </Card>
        {owner && (
          <Card title="Delete account" testId="delete-account">
            <DeleteForm email={user.email} needsPassword={password} />
          </Card>
        )}
      </div>
    </>
  );
}
