import { randomBytes } from "node:crypto";
import { createUserWithAccount, normalizeEmail } from "@/lib/accounts/create-user";
import { env } from "@/lib/config/env";
import { db } from "@/lib/services";
import { hashPassword } from "./password";

/**
 * The first start creates an admin (DARWAZA_ADMIN_EMAIL / DARWAZA_ADMIN_PASSWORD, or a generated
 * password printed once). Later starts change nothing, so a password changed since stays changed.
 */
export async function bootstrapAdmin(log: (line: string) => void = console.log): Promise<void> {
  const config = env();
  await promoteConfiguredAdmins();
  const admins = await db().user.count({ where: { role: "admin" } });
  if (admins > 0) return;
  const email = normalizeEmail(config.DARWAZA_ADMIN_EMAIL ?? "admin@darwaza.local");
  const password = config.DARWAZA_ADMIN_PASSWORD ?? randomBytes(12).toString("base64url");
  const created = await createUserWithAccount({
    email,
    name: "Darwaza admin",
    passwordHash: await hashPassword(password),
    role: "admin",
    plan: "enterprise",
    // The operator chose this address: it needs no link to prove it.
    emailVerifiedAt: new Date(),
  });
  if (!created) {
    // The email already belongs to a customer: make them the admin, keep their password, but only
    // if they proved the address. (Or another instance just created this admin: nothing to do.)
    const promoted = await db().user.updateMany({
      where: { email, role: "customer", emailVerifiedAt: { not: null } },
      data: { role: "admin" },
    });
    if (promoted.count > 0) log(`Darwaza: ${email} is now an admin.`);
    else if (await db().user.count({ where: { email, role: "customer" } })) {
      log(
        `Darwaza: ${email} has an unverified account; it is promoted at a start after its email is verified.`,
      );
    }
    return;
  }
  log(`Darwaza: created the first admin ${email}`);
  if (!config.DARWAZA_ADMIN_PASSWORD) {
    log(`Darwaza: its password is ${password} — shown once; change it after signing in.`);
  }
}

async function promoteConfiguredAdmins(): Promise<void> {
  const emails = env()
    .DARWAZA_ADMIN_EMAILS.split(",")
    .map(normalizeEmail)
    .filter((email) => email.includes("@"));
  if (emails.length === 0) return;
  await db().user.updateMany({
    where: { email: { in: emails }, role: "customer", emailVerifiedAt: { not: null } },
    data: { role: "admin" },
  });
}
