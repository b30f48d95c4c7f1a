"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/current-user";
import { createApiKey, MAX_ACTIVE_KEYS, TooManyKeysError } from "@/lib/keys/create";
import { revokeApiKey } from "@/lib/keys/revoke";
import type { CreateKeyState, RevokeKeyState } from "@/lib/portal/key-forms";

const labelSchema = z
  .string()
  .trim()
  .min(1, "Give the key a name, e.g. the app that will use it")
  .max(64, "Use at most 64 characters");

export async function createKey(
  _previous: CreateKeyState,
  formData: FormData,
): Promise<CreateKeyState> {
  const user = await getCurrentUser();
  if (!user) return { errors: { form: "Your session ended. Sign in again." } };
  const label = labelSchema.safeParse(formData.get("label") ?? "");
  if (!label.success) return { errors: { label: label.error.issues[0]?.message } };
  const created = await createApiKey({
    accountId: user.accountId,
    label: label.data,
    createdById: user.id,
    actor: { type: "user", id: user.id, email: user.email },
  }).catch((error: unknown) => {
    if (error instanceof TooManyKeysError) return null;
    throw error;
  });
  if (!created) {
    return {
      errors: {
        form: `You already have ${MAX_ACTIVE_KEYS} active keys. Revoke one you no longer use.`,
      },
    };
  }
  revalidatePath("/dashboard/keys");
  return {
    errors: {},
    created: { id: created.id, key: created.key, label: created.label, display: created.display },
  };
}

/** Revokes one of the signed-in account's keys; another account's id is "not found". */
export async function revokeKey(
  _previous: RevokeKeyState,
  formData: FormData,
): Promise<RevokeKeyState> {
  const user = await getCurrentUser();
  if (!user) return { error: "Your session ended. Sign in again." };
  const id = String(formData.get("id") ?? "");
  // revokeApiKey scopes to the account and drops the key from the gateway's cache at once.
  const revoked = id
    ? await revokeApiKey({
        id,
        accountId: user.accountId,
        actor: { type: "user", id: user.id, email: user.email },
      })
    : null;
  if (!revoked) return { error: "Key not found." };
  revalidatePath("/dashboard/keys");
  revalidatePath(`/dashboard/keys/${id}`);
  return { revoked: true };
}
