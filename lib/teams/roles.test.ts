import { describe, expect, it } from "vitest";
import { pickMembership } from "@/lib/auth/current-account";
import { ASSIGNABLE_ROLES, can, homeFor, PERMISSIONS, ROLE_PERMISSIONS, TEAM_ROLES } from "./roles";

/** The table as the issue states it, written out by hand so a slip in roles.ts shows here. */
const EXPECTED: Record<(typeof TEAM_ROLES)[number], string[]> = {
  owner: [...PERMISSIONS],
  admin: PERMISSIONS.filter((p) => p !== "account:transfer" && p !== "account:delete"),
  developer: ["overview:view", "keys:view", "keys:manage", "usage:view"],
  billing: ["billing:view", "billing:manage", "credit:view", "credit:manage"],
};

describe("the role table", () => {
  it.each(TEAM_ROLES)("%s may do exactly what the issue says", (role) => {
    const granted = PERMISSIONS.filter((permission) => can(role, permission));
    expect(granted).toEqual(EXPECTED[role]);
    expect([...ROLE_PERMISSIONS[role]].sort()).toEqual([...EXPECTED[role]].sort());
  });

  it("developers never reach billing or credit; billing never reaches keys or usage", () => {
    for (const permission of [
      "billing:view",
      "billing:manage",
      "credit:view",
      "credit:manage",
    ] as const)
      expect(can("developer", permission)).toBe(false);
    for (const permission of ["keys:view", "keys:manage", "usage:view"] as const)
      expect(can("billing", permission)).toBe(false);
  });

  it("only the owner may transfer or delete the account; the audit log is owner and admin", () => {
    for (const role of TEAM_ROLES) {
      expect(can(role, "account:transfer")).toBe(role === "owner");
      expect(can(role, "account:delete")).toBe(role === "owner");
      expect(can(role, "audit:view")).toBe(role === "owner" || role === "admin");
      expect(can(role, "webhooks:manage")).toBe(role === "owner" || role === "admin");
      expect(can(role, "account:export")).toBe(role === "owner" || role === "admin");
    }
  });

  it("an unknown, missing or differently cased role may do nothing", () => {
    for (const role of [undefined, null, "", "Owner", "superuser", "customer"])
      for (const permission of PERMISSIONS) expect(can(role, permission)).toBe(false);
  });

  it("owner is never handed out by invitation or role change", () => {
    expect(ASSIGNABLE_ROLES).toEqual(["admin", "developer", "billing"]);
  });

  it("each role lands on a page it may open", () => {
    expect(homeFor("developer")).toBe("/dashboard");
    expect(homeFor("billing")).toBe("/dashboard/billing");
    expect(homeFor("nobody")).toBe("/dashboard/account");
  });
});

describe("the account switcher's choice", () => {
  const memberships = [{ accountId: "own" }, { accountId: "team" }];
  it("is the cookie's account only when the user is its member, else their first", () => {
    expect(pickMembership(memberships, "team")?.accountId).toBe("team");
    expect(pickMembership(memberships, "someone-elses")?.accountId).toBe("own");
    expect(pickMembership(memberships, undefined)?.accountId).toBe("own");
    expect(pickMembership([], "team")).toBeUndefined();
  });
});
