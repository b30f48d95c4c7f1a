import type { Metadata } from "next";
import type { ReactNode } from "react";
import { DashboardShell } from "@/components/dashboard/shell";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: { default: "Dashboard", template: "%s · Darwaza" } };

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // proxy.ts already redirected signed-out visitors with the exact callbackUrl; this is the check
  // that counts (a proxy can be bypassed or misconfigured).
  const user = await requireUser();
  return <DashboardShell user={user}>{children}</DashboardShell>;
}
