import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import { resetEnvCache } from "@/lib/config/env";
import { db } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { bootstrapAdmin } from "./bootstrap-admin";
import { authorizeCredentials } from "./credentials";
import { issueVerificationToken, verifyEmailToken } from "./email-verification";
import { THROTTLED_ERROR } from "./errors";
import { linkOAuthLogin } from "./oauth";
import { hashPassword } from "./password";

async function signUp(email: string, password: string) {
  const created = await createUserWithAccount({
    email,
    passwordHash: await hashPassword(password),
  });
  if (!created) throw new Error("email taken");
  return created.user;
}

describe("credentials and OAuth sign-in against Postgres", () => {
  let testServices: TestServices;
  beforeAll(async () => {
    testServices = await setUpTestServices({
      env: {
        REDIS_URL: "", // in-memory throttle: this file's counts only
        DARWAZA_ADMIN_EMAILS: "boss@example.com, Chief@Example.com, chief2@example.com",
      },
    });
  });
  afterAll(() => testServices?.teardown());

  it("accepts the right password and gives one answer for unknown email and wrong password", async () => {
    const user = await signUp("ada@example.com", "correct horse");
    const ip = randomUUID();
    expect(
      await authorizeCredentials({ email: " ADA@example.com ", password: "correct horse" }, ip),
    ).toMatchObject({
      id: user.id,
    });
    expect(
      await authorizeCredentials({ email: "ada@example.com", password: "wrong" }, ip),
    ).toBeNull();
    expect(
      await authorizeCredentials({ email: "nobody@example.com", password: "wrong" }, ip),
    ).toBeNull();
    expect(await authorizeCredentials({ email: "not an email", password: "x" }, ip)).toBeNull();
  });

  it("throttles an email at one address after 5 failures, even with the right password", async () => {
    await signUp("bob@example.com", "bobs password");
    const ip = randomUUID();
    for (let i = 0; i < 5; i++) {
      expect(
        await authorizeCredentials({ email: "bob@example.com", password: `guess${i}` }, ip),
      ).toBeNull();
    }
    await expect(
      authorizeCredentials({ email: "bob@example.com", password: "bobs password" }, ip),
    ).rejects.toThrow(THROTTLED_ERROR);
  });

  it("ten simultaneous sign-ups with one email make one user and one account; the rest get null", async () => {
    const email = `race-${randomUUID()}@example.com`;
    const accountsBefore = await db().account.count();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => createUserWithAccount({ email, passwordHash: "x" })),
    );
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    expect(await db().user.count({ where: { email } })).toBe(1);
    expect(await db().account.count()).toBe(accountsBefore + 1);
  });

  it("two instances starting at once bootstrap exactly one admin, and neither fails", async () => {
    const email = `first-admin-${randomUUID()}@example.com`;
    process.env.DARWAZA_ADMIN_EMAIL = email;
    process.env.DARWAZA_ADMIN_PASSWORD = "bootstrap-password-123";
    resetEnvCache();
    await db().user.updateMany({ where: { role: "admin" }, data: { role: "customer" } });
    const lines: string[] = [];
    await Promise.all([
      bootstrapAdmin((line) => lines.push(line)),
      bootstrapAdmin((line) => lines.push(line)),
    ]);
    expect(await db().user.count({ where: { email, role: "admin" } })).toBe(1);
    expect(lines.filter((line) => line.includes("created the first admin"))).toHaveLength(1);
    delete process.env.DARWAZA_ADMIN_EMAIL;
    delete process.env.DARWAZA_ADMIN_PASSWORD;
    resetEnvCache();
  });

  it("promotes an address listed in DARWAZA_ADMIN_EMAILS only once it is verified", async () => {
    const user = await signUp("chief@example.com", "chief password");
    expect(user.role).toBe("customer");
    const roleNow = async () =>
      (await db().user.findUniqueOrThrow({ where: { id: user.id } })).role;
    // Whoever signed up with the listed address has proven nothing yet: no admin on sign-in...
    await authorizeCredentials(
      { email: "chief@example.com", password: "chief password" },
      randomUUID(),
    );
    expect(await roleNow()).toBe("customer");
    // ...nor at the next start.
    await bootstrapAdmin(() => {});
    expect(await roleNow()).toBe("customer");
    // The emailed link proves the address: promoted then.
    expect((await verifyEmailToken(await issueVerificationToken(user))).ok).toBe(true);
    expect(await roleNow()).toBe("admin");
  });

  it("a verified listed address is promoted at sign-in (e.g. listed after it verified)", async () => {
    const created = await createUserWithAccount({
      email: "boss@example.com",
      passwordHash: await hashPassword("boss password"),
      emailVerifiedAt: new Date(),
    });
    await authorizeCredentials(
      { email: "boss@example.com", password: "boss password" },
      randomUUID(),
    );
    const role = (await db().user.findUniqueOrThrow({ where: { id: created?.user.id } })).role;
    expect(role).toBe("admin");
  });

  it("OAuth: creates a user with a Free account, then finds it again by identity", async () => {
    const login = {
      provider: "github",
      providerAccountId: "gh-1",
      email: "Gina@example.com",
      emailVerified: true,
      name: "Gina",
    };
    const first = await linkOAuthLogin(login);
    expect(first).not.toBeNull();
    const again = await linkOAuthLogin({ ...login, email: "changed@example.com" });
    expect(again).toBe(first);
    const user = await db().user.findUniqueOrThrow({
      where: { id: first ?? "" },
      include: { memberships: { include: { account: true } } },
    });
    expect(user.email).toBe("gina@example.com");
    expect(user.memberships[0].account.plan).toBe("free");
  });

  it("OAuth: links a verified email to the existing user; refuses an unverified one", async () => {
    const existing = await signUp("hana@example.com", "hana password");
    const linked = await linkOAuthLogin({
      provider: "google",
      providerAccountId: "g-1",
      email: "hana@example.com",
      emailVerified: true,
      name: null,
    });
    expect(linked).toBe(existing.id);
    const refused = await linkOAuthLogin({
      provider: "google",
      providerAccountId: "g-2",
      email: "ivan@example.com",
      emailVerified: false,
      name: null,
    });
    expect(refused).toBeNull();
    expect(await db().user.findUnique({ where: { email: "ivan@example.com" } })).toBeNull();
  });

  it("OAuth: a listed admin email becomes admin", async () => {
    const id = await linkOAuthLogin({
      provider: "google",
      providerAccountId: "g-boss",
      email: "Chief2@example.com",
      emailVerified: true,
      name: null,
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: id ?? "" } })).role).toBe("admin");
  });
});
