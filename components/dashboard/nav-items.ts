import { can, type Permission } from "@/lib/teams/roles";

export interface NavItem {
  href: string;
  label: string;
  /** Only admins see it. */
  adminOnly?: boolean;
  /** Only members whose role grants it see it (the page itself checks too). */
  permission?: Permission;
  /** Active only on this exact path (Overview), not on everything below it. */
  exact?: boolean;
}

/** The portal's navigation. Billing and Admin pages are built elsewhere; their links live here. */
export const DASHBOARD_NAV: readonly NavItem[] = [
  { href: "/dashboard", label: "Overview", exact: true, permission: "overview:view" },
  { href: "/dashboard/keys", label: "Keys", permission: "keys:view" },
  { href: "/dashboard/usage", label: "Usage", permission: "usage:view" },
  { href: "/dashboard/requests", label: "Requests", permission: "usage:view" },
  { href: "/dashboard/billing", label: "Billing", permission: "billing:view" },
  { href: "/dashboard/credit", label: "Credit", permission: "credit:view" },
  { href: "/dashboard/webhooks", label: "Webhooks", permission: "webhooks:manage" },
  { href: "/dashboard/team", label: "Team", permission: "team:view" },
  { href: "/dashboard/audit", label: "Audit log", permission: "audit:view" },
  { href: "/dashboard/account", label: "Account" },
  { href: "/docs", label: "API docs" },
  { href: "/admin", label: "Admin", adminOnly: true },
];

/** The links a user sees: by their platform role (Admin) and their role in the current account. */
export function navFor(user: { role: "customer" | "admin"; teamRole: string }): NavItem[] {
  return DASHBOARD_NAV.filter(
    (item) =>
      (!item.adminOnly || user.role === "admin") &&
      (!item.permission || can(user.teamRole, item.permission)),
  );
}

export function isActive(item: NavItem, pathname: string): boolean {
  return item.exact
    ? pathname === item.href
    : pathname === item.href || pathname.startsWith(`${item.href}/`);
}
