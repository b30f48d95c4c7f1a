import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import type { CurrentUser } from "@/lib/auth/current-user";
import { activeKeysOf, MAX_ACTIVE_KEYS } from "@/lib/keys/create";
import { db } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";

// The session is the one thing faked here (next-auth is not running), and Next's page cache.
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createKey } = await import("./actions");

describe("the portal's Create key", () => {
  let testServices: TestServices;
  beforeAll(async () => {
    testServices = await setUpTestServices({
      env: { DARWAZA_SECRET: "a-test-secret-that-is-long-enough-0123456789" },
    });
  });
  afterAll(() => testServices?.teardown());

  it("70 parallel submits make exactly 50 active keys; the rest are told to revoke one", async () => {
    const { user, account } = (await createUserWithAccount({ email: "portal@example.com" }))!;
    session.user = {
      ...user,
      accountId: account.id,
      teamRole: "owner",
      accounts: [],
      emailVerified: true,
    };
    const states = await Promise.all(
      Array.from({ length: 70 }, (_, i) => {
        const form = new FormData();
        form.set("label", `app ${i}`);
        return createKey({ errors: {} }, form);
      }),
    );
    expect(states.filter((state) => state.created)).toHaveLength(MAX_ACTIVE_KEYS);
    const refused = states.filter((state) => state.errors.form);
    expect(refused).toHaveLength(20);
    expect(refused[0].errors.form).toBe(
      "You already have 50 active keys. Revoke one you no longer use.",
    );
    expect(await db().apiKey.count({ where: activeKeysOf(account.id) })).toBe(MAX_ACTIVE_KEYS);
  });
});
