import { normalizeEmail, primaryAccountId } from "@/lib/accounts/create-user";
import { type Actor, writeAudit } from "@/lib/audit/record";
import { Prisma } from "@/lib/generated/prisma/client";
import { type CreatedApiKey, createApiKey, TooManyKeysError } from "@/lib/keys/create";
import { db } from "@/lib/services";
import type { CreateKeyInput } from "./schemas";

export type CreateKeyResult =
  | { ok: true; key: CreatedApiKey; accountId: string; createdAccount: boolean }
  | { ok: false; error: string; code: "account_not_found" | "too_many_keys" };

/**
 * The account a key is for: the one named, or the email's account — created (with its owner,
 * who has no password until they reset it or sign in with OAuth) when the email is new, as the
 * admin key API does. The new account and its audit row commit together.
 */
async function resolveAccount(
  actor: Actor,
  input: CreateKeyInput,
): Promise<{ accountId: string; created: boolean } | null> {
  if (input.accountId) {
    const account = await db().account.findUnique({
      where: { id: input.accountId },
      select: { id: true },
    });
    return account ? { accountId: account.id, created: false } : null;
  }
  const email = normalizeEmail(input.email ?? "");
  const existing = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (existing) {
    const accountId = await primaryAccountId(existing.id);
    return accountId ? { accountId, created: false } : null;
  }
  const plan = input.plan ?? "free";
  const accountId = await db()
    .$transaction(async (tx) => {
      const account = await tx.account.create({
        data: { name: `${email.split("@")[0]}'s account`, plan },
      });
      await tx.user.create({
        data: { email, memberships: { create: { accountId: account.id, role: "owner" } } },
      });
      await writeAudit(tx, actor, {
        action: "account.create",
        accountId: account.id,
        target: account.id,
        details: { email, plan },
      });
      return account.id;
    })
    .catch((error: unknown) => {
      // Another request made this email's user a moment ago: theirs is the account.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
        return null;
      throw error;
    });
  if (accountId) return { accountId, created: true };
  const theirs = await db().user.findUnique({ where: { email }, select: { id: true } });
  const theirAccount = theirs ? await primaryAccountId(theirs.id) : null;
  return theirAccount ? { accountId: theirAccount, created: false } : null;
}

/** Create a key for an account on an admin's behalf; the secret is returned to be shown once. */
export async function createKeyFor(actor: Actor, input: CreateKeyInput): Promise<CreateKeyResult> {
  const target = await resolveAccount(actor, input);
  if (!target) return { ok: false, error: "No such account", code: "account_not_found" };
  try {
    const key = await createApiKey({
      accountId: target.accountId,
      label: input.label,
      createdById: actor.id ?? null,
      actor,
    });
    return { ok: true, key, accountId: target.accountId, createdAccount: target.created };
  } catch (error) {
    if (!(error instanceof TooManyKeysError)) throw error;
    return { ok: false, error: error.message, code: "too_many_keys" };
  }
}
