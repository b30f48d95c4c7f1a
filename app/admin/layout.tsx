import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminShell } from "@/components/admin/admin-shell";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · Darwaza" } };

/**
 * The console's frame, for admins only. Access itself is enforced by every page (requireAdmin,
 * with its own return path for the sign-in redirect) and every action: a layout's check would
 * not cover them, and it cannot know which page to come back to. A refused visitor gets the
 * page's 403 or redirect without the frame.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (user?.role !== "admin") return children;
  return <AdminShell email={user.email}>{children}</AdminShell>;
}
