import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { CurrentUser } from "@/lib/auth/current-user";

// The session is the one thing faked here: who is asking decides everything below.
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));

const { adminAction } = await import("./admin-action");

const person = (role: CurrentUser["role"]): CurrentUser => ({
  id: `${role}-1`,
  email: `${role}@example.test`,
  name: null,
  role,
  accountId: "acct-1",
  emailVerified: true,
});

function digestOf(error: unknown): string {
  return error && typeof error === "object" && "digest" in error
    ? String(error.digest)
    : String(error);
}

describe("adminAction", () => {
  const run = vi.fn(async () => ({ ok: true }));
  const action = adminAction(z.object({ accountId: z.string().min(1, "Missing id") }), run);
  const form = (values: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(values)) data.set(name, value);
    return data;
  };
  beforeEach(() => run.mockClear());

  it("sends a signed-out caller to sign-in, without acting", async () => {
    session.user = null;
    const error = await action({}, form({ accountId: "a" })).catch((caught: unknown) => caught);
    expect(digestOf(error)).toContain("/signin?callbackUrl=%2Fadmin");
    expect(run).not.toHaveBeenCalled();
  });

  it("refuses a customer (403, or 404 where auth interrupts are off), without acting", async () => {
    session.user = person("customer");
    const error = await action({}, form({ accountId: "a" })).catch((caught: unknown) => caught);
    expect(digestOf(error)).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;40[34]$/);
    expect(run).not.toHaveBeenCalled();
  });

  it("validates an admin's form, then acts as that admin", async () => {
    session.user = person("admin");
    expect(await action({}, form({ accountId: "" }))).toMatchObject({
      fieldErrors: { accountId: "Missing id" },
    });
    expect(run).not.toHaveBeenCalled();
    expect(await action({}, form({ accountId: "a" }))).toEqual({ ok: true });
    expect(run).toHaveBeenCalledWith(
      { accountId: "a" },
      { type: "user", id: "admin-1", email: "admin@example.test" },
    );
  });
});
