export interface NavItem {
  href: string;
  label: string;
  /** Only admins see it. */
  adminOnly?: boolean;
  /** Active only on this exact path (Overview), not on everything below it. */
  exact?: boolean;
}

/** The portal's navigation. Billing and Admin pages are built elsewhere; their links live here. */
export const DASHBOARD_NAV: readonly NavItem[] = [
  { href: "/dashboard", label: "Overview", exact: true },
  { href: "/dashboard/keys", label: "Keys" },
  { href: "/dashboard/usage", label: "Usage" },
  { href: "/dashboard/billing", label: "Billing" },
  { href: "/dashboard/credit", label: "Credit" },
  { href: "/dashboard/account", label: "Account" },
  { href: "/docs", label: "API docs" },
  { href: "/admin", label: "Admin", adminOnly: true },
];

export function navFor(role: "customer" | "admin"): NavItem[] {
  return DASHBOARD_NAV.filter((item) => !item.adminOnly || role === "admin");
}

export function isActive(item: NavItem, pathname: string): boolean {
  return item.exact
    ? pathname === item.href
    : pathname === item.href || pathname.startsWith(`${item.href}/`);
}
