import Link from "next/link";
import type { ReactNode } from "react";
import type { CurrentUser } from "@/lib/auth/current-user";
import { navFor } from "./nav-items";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

/** The signed-in frame: brand, who is signed in, sign-out, and the tab row. Reusable by /admin. */
export function DashboardShell({
  user,
  switcher,
  children,
}: {
  user: CurrentUser;
  /** The account switcher, for members of several accounts. */
  switcher?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen bg-zinc-50">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
          <Link href="/dashboard" className="text-lg font-bold tracking-tight">
            Darwaza
          </Link>
          <div className="flex min-w-0 items-center gap-2">
            <span
              className="hidden truncate text-sm text-zinc-600 sm:inline"
              data-testid="signed-in-as"
            >
              {user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
        {switcher}
        <div className="mx-auto max-w-6xl px-2 sm:px-4">
          <NavLinks items={navFor(user)} />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
