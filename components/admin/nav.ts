import type { NavItem } from "@/components/dashboard/nav-items";

export const ADMIN_NAV: NavItem[] = [
  { href: "/admin", label: "Overview", exact: true },
  { href: "/admin/customers", label: "Customers" },
  { href: "/admin/plans", label: "Plans" },
  { href: "/admin/keys", label: "Keys" },
  { href: "/admin/upstreams", label: "Upstreams" },
  { href: "/admin/endpoints", label: "Endpoints" },
  { href: "/admin/prices", label: "Prices" },
  { href: "/admin/reconcile", label: "Reconcile" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/outbox", label: "Outbox" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/health", label: "Health" },
];
