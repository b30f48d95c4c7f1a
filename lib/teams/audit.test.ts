import { describe, expect, it } from "vitest";
import { auditActorText, describeAudit } from "./audit";

describe("audit entries as people read them", () => {
  it("team changes are sentences", () => {
    expect(
      describeAudit({
        action: "team.role_change",
        details: { email: "a@example.com", from: "developer", to: "admin" },
      }),
    ).toEqual({ summary: "Changed a@example.com's role from Developer to Admin", details: [] });
    expect(
      describeAudit({ action: "team.transfer", details: { from: "o@x.com", to: "a@x.com" } })
        .summary,
    ).toBe("Transferred ownership from o@x.com to a@x.com");
  });

  it("other entries list their details as words and rupees, never JSON", () => {
    const { summary, details } = describeAudit({
      action: "account.spend_settings",
      details: {
        before: { postpaid: false, capMicros: null },
        after: { postpaid: true, capMicros: "1234000000" },
      },
    });
    expect(summary).toBe("Account spend settings");
    expect(details).toEqual([
      ["Before", "Postpaid: no · Cap: none"],
      ["After", "Postpaid: yes · Cap: Rs 1,234.00"],
    ]);
    expect(JSON.stringify(details)).not.toMatch(/[{}]/);
  });

  it("names who acted", () => {
    expect(auditActorText({ actorType: "user", actorEmail: "o@x.com" })).toBe("o@x.com");
    expect(auditActorText({ actorType: "system", actorEmail: null })).toBe("Darwaza (automatic)");
  });
});
