import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AccountSwitcher } from "@/components/dashboard/account-switcher";
import { EmailBanner } from "@/components/dashboard/email-banner";
import { DashboardShell } from "@/components/dashboard/shell";
import { MailModeBanner } from "@/components/mail-mode-banner";
import { type CurrentUser, requireUser } from "@/lib/auth/current-user";
import { env } from "@/lib/config/env";
import { mailSettings } from "@/lib/mail/settings";
import { switchAccount } from "./switch-account";

export const metadata: Metadata = { title: { default: "Dashboard", template: "%s · Darwaza" } };

/** What an unverified user is told: confirm (and whether keys wait), or that mail is test-only. */
function MailBanner({ user }: { user: CurrentUser }) {
  if (user.emailVerified) return null;
  const settings = mailSettings(env());
  if (settings.mode === "outbox" && !settings.requireVerification) {
    return <MailModeBanner mode="outbox" audience="customer" />;
  }
  return <EmailBanner email={user.email} keysWait={settings.requireVerification} />;
}

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // proxy.ts already redirected signed-out visitors with the exact callbackUrl; this is the check
  // that counts (a proxy can be bypassed or misconfigured).
  const user = await requireUser();
  return (
    <DashboardShell
      user={user}
      switcher={
        <AccountSwitcher
          accounts={user.accounts}
          currentId={user.accountId}
          action={switchAccount}
        />
      }
    >
      <MailBanner user={user} />
      {children}
    </DashboardShell>
  );
}
