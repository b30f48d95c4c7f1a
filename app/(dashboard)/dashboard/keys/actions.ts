"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action, text } from "@/lib/http/action";
import { createApiKey, MAX_ACTIVE_KEYS, TooManyKeysError } from "@/lib/keys/create";
import { revokeApiKey } from "@/lib/keys/revoke";
import type { CreateKeyState, RevokeKeyState } from "@/lib/portal/key-forms";

const SESSION_ENDED = "Your session ended. Sign in again.";
const NOT_YOUR_ROLE = "Your role in this account cannot manage keys.";

const createSchema = z.object({
  label: text(
    z
      .string()
      .trim()
      .min(1, "Give the key a name, e.g. the app that will use it")
      .max(64, "Use at most 64 characters"),
  ),
});

export const createKey = action(
  {
    role: "user",
    schema: createSchema,
    signedOut: { errors: { form: SESSION_ENDED } },
    permission: "keys:manage",
    refused: { errors: { form: NOT_YOUR_ROLE } },
    invalid: (errors): CreateKeyState => ({ errors: { label: errors.label } }),
  },
  async ({ label }, { user, actor }): Promise<CreateKeyState> => {
    const created = await createApiKey({
      accountId: user.accountId,
      label,
      createdById: user.id,
      actor,
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
  },
);

/** Revokes one of the signed-in account's keys; another account's id is "not found". */
export const revokeKey = action(
  {
    role: "user",
    schema: z.object({ id: text(z.string().min(1)) }),
    signedOut: { error: SESSION_ENDED },
    permission: "keys:manage",
    refused: { error: NOT_YOUR_ROLE },
    invalid: (): RevokeKeyState => ({ error: "Key not found." }),
  },
  async ({ id }, { user, actor }): Promise<RevokeKeyState> => {
    // revokeApiKey scopes to the account and drops the key from the gateway's cache at once.
    const revoked = await revokeApiKey({ id, accountId: user.accountId, actor });
    if (!revoked) return { error: "Key not found." };
    revalidatePath("/dashboard/keys");
    revalidatePath(`/dashboard/keys/${id}`);
    return { revoked: true };
  },
);
