import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import { setAccountStatus } from "@/lib/admin/control/account-terms";
import { db } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { changePassword } from "./change-password";
import { hashPassword, verifyPassword } from "./password";
import { endSessionsOf, isCurrentSession, tokenVersion } from "./session-version";

let counter = 0;

async function newUser(password = "old password") {
  counter++;
  const created = await createUserWithAccount({
    email: `s${counter}@example.com`,
    passwordHash: await hashPassword(password),
  });
  if (!created) throw new Error("email taken");
  return created;
}

const version = async (id: string) =>
  (await db().user.findUniqueOrThrow({ where: { id } })).sessionVersion;

describe("session versions end sessions on sign-out, password change and suspension", () => {
  let testServices: TestServices;
  beforeAll(async () => {
    testServices = await setUpTestServices();
  });
  afterAll(() => testServices?.teardown());

  it("a cookie from before versions existed counts as version 0", () => {
    expect(tokenVersion({})).toBe(0);
    expect(tokenVersion({ sv: 3 })).toBe(3);
    expect(tokenVersion({ sv: "3" })).toBe(0);
  });

  it("sign-out moves the version on once; replaying the old cookie's sign-out changes nothing", async () => {
    const { user } = await newUser();
    expect(await isCurrentSession(user.id, 0)).toBe(true);
    expect(await endSessionsOf(user.id, 0)).toBe(true);
    expect(await version(user.id)).toBe(1);
    // The proxy's cache was told: the copied cookie is refused at once, not after its TTL.
    expect(await isCurrentSession(user.id, 0)).toBe(false);
    expect(await endSessionsOf(user.id, 0)).toBe(false);
    expect(await version(user.id)).toBe(1);
  });

  it("the proxy's cache never refuses a cookie newer than what it cached (no redirect loop)", async () => {
    const { user } = await newUser();
    expect(await isCurrentSession(user.id, 0)).toBe(true);
    // Bumped behind the cache's back (another module instance, another process).
    await db().user.update({ where: { id: user.id }, data: { sessionVersion: 1 } });
    expect(await isCurrentSession(user.id, 1)).toBe(true);
    expect(await isCurrentSession(user.id, 0)).toBe(false);
  });

  it("a password change needs the current password, ends other sessions and returns the new version", async () => {
    const { user } = await newUser("old password");
    expect(await changePassword(user.id, 0, "wrong", "new password")).toEqual({
      ok: false,
      error: "wrong_password",
    });
    expect(await version(user.id)).toBe(0);
    const changed = await changePassword(user.id, 0, "old password", "new password");
    expect(changed).toMatchObject({ ok: true, user: { id: user.id, sessionVersion: 1 } });
    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(stored.passwordHash ?? "", "new password")).toBe(true);
    // The other browser's cookie (version 0) can no longer change it back.
    expect(await changePassword(user.id, 0, "new password", "x".repeat(9))).toEqual({
      ok: false,
      error: "session_ended",
    });
  });

  it("two password changes racing from one cookie: exactly one wins", async () => {
    const { user } = await newUser("race password");
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        changePassword(user.id, 0, "race password", `new-${i}-password`),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await version(user.id)).toBe(1);
  });

  it("suspending an account ends its members' sessions; reinstating does not", async () => {
    const { user, account } = await newUser();
    const bystander = await newUser();
    const actor = { type: "admin_token" as const };
    expect(await setAccountStatus(actor, account.id, "suspended")).toBe(true);
    expect(await version(user.id)).toBe(1);
    expect(await isCurrentSession(user.id, 0)).toBe(false);
    expect(await version(bystander.user.id)).toBe(0);
    expect(await setAccountStatus(actor, account.id, "active")).toBe(true);
    expect(await version(user.id)).toBe(1);
  });
});
