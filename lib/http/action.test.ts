import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { CurrentUser } from "@/lib/auth/current-user";

// The session is the one thing faked here: who is asking decides everything below.
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));

const { action, text } = await import("./action");

const person = (role: CurrentUser["role"]): CurrentUser => ({
  id: `${role}-1`,
  email: `${role}@example.test`,
  name: null,
  role,
  accountId: "acct-1",
  teamRole: "owner",
  accounts: [],
  emailVerified: true,
});

function digestOf(error: unknown): string {
  return error && typeof error === "object" && "digest" in error
    ? String(error.digest)
    : String(error);
}

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
};

type State = { ok?: boolean; fieldErrors?: Record<string, string>; error?: string };

describe("action, role admin", () => {
  const run = vi.fn(async (): Promise<State> => ({ ok: true }));
  const act = action(
    {
      role: "admin",
      schema: z.object({ accountId: z.string().min(1, "Missing id") }),
      invalid: (fieldErrors): State => ({ fieldErrors }),
    },
    run,
  );
  beforeEach(() => run.mockClear());

  it("sends a signed-out caller to sign-in, without acting", async () => {
    session.user = null;
    const error = await act({}, form({ accountId: "a" })).catch((caught: unknown) => caught);
    expect(digestOf(error)).toContain("/signin?callbackUrl=%2Fadmin");
    expect(run).not.toHaveBeenCalled();
  });

  it("refuses a customer (403, or 404 where auth interrupts are off), without acting", async () => {
    session.user = person("customer");
    const error = await act({}, form({ accountId: "a" })).catch((caught: unknown) => caught);
    expect(digestOf(error)).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;40[34]$/);
    expect(run).not.toHaveBeenCalled();
  });

  it("validates an admin's form, then acts as that admin", async () => {
    session.user = person("admin");
    expect(await act({}, form({ accountId: "" }))).toEqual({
      fieldErrors: { accountId: "Missing id" },
    });
    expect(run).not.toHaveBeenCalled();
    expect(await act({}, form({ accountId: "a" }))).toEqual({ ok: true });
    expect(run).toHaveBeenCalledWith(
      { accountId: "a" },
      expect.objectContaining({
        user: session.user,
        actor: { type: "user", id: "admin-1", email: "admin@example.test" },
      }),
    );
  });
});

describe("action, role user", () => {
  const run = vi.fn(async (): Promise<State> => ({ ok: true }));
  const schema = z.object({ label: text(z.string().min(1, "Name it")) });
  beforeEach(() => run.mockClear());

  it("shows a signed-out caller its state, or sends them to sign-in and back", async () => {
    session.user = null;
    const shown = action({ role: "user", schema, signedOut: { error: "Signed out" } }, run);
    expect(await shown({}, form({ label: "x" }))).toEqual({ error: "Signed out" });
    const sent = action({ role: "user", returnTo: "/dashboard/billing" }, run);
    const error = await sent(form({})).catch((caught: unknown) => caught);
    expect(digestOf(error)).toContain("/signin?callbackUrl=%2Fdashboard%2Fbilling");
    expect(run).not.toHaveBeenCalled();
  });

  it("reads an absent text field as empty, and runs for a customer with the form alone", async () => {
    session.user = person("customer");
    const act = action(
      { role: "user", schema, invalid: (fieldErrors): State => ({ fieldErrors }) },
      run,
    );
    expect(await act({}, form({}))).toEqual({ fieldErrors: { label: "Name it" } });
    expect(await act(form({ label: "app" }))).toEqual({ ok: true });
    expect(run).toHaveBeenCalledWith(
      { label: "app" },
      expect.objectContaining({
        actor: { type: "user", id: "customer-1", email: "customer@example.test" },
      }),
    );
  });
});

describe("action with a team permission", () => {
  const run = vi.fn(async (): Promise<State> => ({ ok: true }));
  beforeEach(() => run.mockClear());

  it("runs for a role that has it; refuses one that lacks it with its state or a 403, without acting", async () => {
    const withState = action(
      { role: "user", permission: "credit:manage", refused: { error: "Not your role" } },
      run,
    );
    const bare = action({ role: "user", permission: "credit:manage" }, run);
    session.user = { ...person("customer"), teamRole: "developer" };
    expect(await withState({}, form({}))).toEqual({ error: "Not your role" });
    const error = await bare(form({})).catch((caught: unknown) => caught);
    expect(digestOf(error)).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;40[34]$/);
    expect(run).not.toHaveBeenCalled();
    session.user = { ...person("customer"), teamRole: "billing" };
    expect(await bare(form({}))).toEqual({ ok: true });
    expect(run).toHaveBeenCalledTimes(1);
  });
});

describe("action, role public", () => {
  it("runs without looking at the session", async () => {
    session.user = null;
    const act = action({ role: "public" }, async (_input, { user }) => ({ user }));
    expect(await act({ user: null }, form({}))).toEqual({ user: null });
  });
});
