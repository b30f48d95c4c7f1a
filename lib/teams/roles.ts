/**
 * The one table of what each team role may see and do. Pages, server actions and route handlers
 * ask it through requirePermission (./require.ts) or the `permission` option of action() and
 * route(); the nav asks `can` only to hide links (hiding is not the check).
 */
export const TEAM_ROLES = ["owner", "admin", "developer", "billing"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const PERMISSIONS = [
  "overview:view",
  "keys:view",
  "keys:manage",
  "usage:view",
  "billing:view",
  "billing:manage",
  "credit:view",
  "credit:manage",
  "team:view",
  "team:manage",
  "audit:view",
  "webhooks:manage",
  "account:export",
  "account:transfer",
  "account:delete",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const DEVELOPER: readonly Permission[] = [
  "overview:view",
  "keys:view",
  "keys:manage",
  "usage:view",
];
const BILLING: readonly Permission[] = [
  "billing:view",
  "billing:manage",
  "credit:view",
  "credit:manage",
];
const OWNER_ONLY: readonly Permission[] = ["account:transfer", "account:delete"];

export const ROLE_PERMISSIONS: Readonly<Record<TeamRole, ReadonlySet<Permission>>> = {
  owner: new Set(PERMISSIONS),
  admin: new Set(PERMISSIONS.filter((permission) => !OWNER_ONLY.includes(permission))),
  developer: new Set(DEVELOPER),
  billing: new Set(BILLING),
};

/** What each role is called and told in the portal. */
export const ROLE_LABELS: Readonly<Record<TeamRole, { name: string; description: string }>> = {
  owner: {
    name: "Owner",
    description: "Everything, including transferring and deleting the account.",
  },
  admin: { name: "Admin", description: "Everything except transferring or deleting the account." },
  developer: { name: "Developer", description: "API keys and usage." },
  billing: { name: "Billing", description: "Plans, credit and invoices." },
};

export function isTeamRole(value: unknown): value is TeamRole {
  return typeof value === "string" && (TEAM_ROLES as readonly string[]).includes(value);
}

/** Whether a member with `role` may do `permission`; an unknown role may do nothing. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  return isTeamRole(role) && ROLE_PERMISSIONS[role].has(permission);
}

/** The roles an inviter or role changer may hand out: never owner (that is a transfer). */
export const ASSIGNABLE_ROLES: readonly TeamRole[] = ["admin", "developer", "billing"];

/** Where a member lands when a page they opened is not theirs: the first page their role has. */
export function homeFor(role: string): string {
  if (can(role, "overview:view")) return "/dashboard";
  if (can(role, "billing:view")) return "/dashboard/billing";
  return "/dashboard/account";
}
