import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/dashboard/nav-links";
import { SignOutButton } from "@/components/dashboard/sign-out-button";
import { ADMIN_NAV } from "./nav";

/** The console's frame: the portal's header and tab row, with the admin sections. */
export function AdminShell({ email, children }: { email: string; children: ReactNode }) {
  return (
    <div className="min-h-screen bg-zinc-50">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4 sm:px-6">
          <div className="flex items-center gap-3">
            <Link href="/admin" className="text-lg font-bold tracking-tight">
              Darwaza
            </Link>
            <span className="rounded-full bg-ink-900 px-2 py-0.5 text-xs font-medium text-white">
              Admin
            </span>
          </div>
          <div className="flex min-w-0 items-center gap-2">
            <Link
              href="/dashboard"
              className="hidden text-sm text-zinc-600 hover:underline sm:inline"
            >
              Portal
            </Link>
            <span
              className="hidden truncate text-sm text-zinc-600 md:inline"
              data-testid="signed-in-as"
            >
              {email}
            </span>
            <SignOutButton />
          </div>
        </div>
        <div className="mx-auto max-w-7xl px-2 sm:px-4">
          <NavLinks items={ADMIN_NAV} />
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
