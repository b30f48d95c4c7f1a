import { z } from "zod";
import { normalizeEmail } from "@/lib/accounts/create-user";
import { db } from "@/lib/services";
import { isConfiguredAdmin } from "./admin-emails";
import { THROTTLED_ERROR } from "./errors";
import { hashPassword, verifyPassword } from "./password";
import { takeSignInSlot } from "./throttle";

const credentialsSchema = z.object({
  email: z.string().trim().pipe(z.email().max(320)),
  password: z.string().min(1).max(1024),
});

// A real hash of nothing anyone knows, so an unknown email costs the same argon2 time as a wrong
// password and response timing does not reveal which emails have accounts.
let decoyHash: Promise<string> | undefined;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword(crypto.randomUUID());
  return decoyHash;
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
}

/**
 * Checks an email and password. null for anything wrong (one answer for unknown email and wrong
 * password); throws THROTTLED_ERROR once the email or the IP has failed too often. `verify` is
 * argon2's check (a parameter so tests can count how many passwords were really checked).
 */
export async function authorizeCredentials(
  input: unknown,
  ip: string,
  verify: typeof verifyPassword = verifyPassword,
): Promise<SignedInUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const email = normalizeEmail(parsed.data.email);
  // Counted before argon2 runs, in one atomic step: parallel guesses cannot all slip past.
  const slot = await takeSignInSlot(email, ip);
  if (slot.retryAfterSeconds > 0) throw new Error(THROTTLED_ERROR);

  const user = await db().user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      role: true,
      sessionVersion: true,
      emailVerifiedAt: true,
    },
  });
  const valid = await verify(user?.passwordHash ?? (await decoy()), parsed.data.password);
  if (!user?.passwordHash || !valid) return null;
  await slot.succeeded();
  // A password proves nothing about the address: only a verified one is promoted.
  if (user.role !== "admin" && user.emailVerifiedAt && isConfiguredAdmin(email)) {
    await db().user.update({ where: { id: user.id }, data: { role: "admin" } });
  }
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
