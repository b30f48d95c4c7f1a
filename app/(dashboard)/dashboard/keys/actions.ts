"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action, text } from "@/lib/http/action";
import { createApiKey, MAX_ACTIVE_KEYS, TooManyKeysError } from "@/lib/keys/create";
import { revokeApiKey } from "@/lib/keys/revoke";
import { endRollOverlap, ROLL_OVERLAPS, rollKey } from "@/lib/keys/roll";
import { checkKeySettings, InvalidKeySettingsError, updateKeySettings } from "@/lib/keys/settings";
import type {
  CreateKeyState,
  EndOverlapState,
  RevokeKeyState,
  RollKeyState,
  UpdateKeyState,
} from "@/lib/portal/key-forms";
import { parseKeySettingsForm } from "@/lib/portal/key-settings-form";

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

function revalidateKey(id: string): void {
  revalidatePath("/dashboard/keys");
  revalidatePath(`/dashboard/keys/${id}`);
}

export const createKey = action(
  {
    role: "user",
    schema: createSchema,
    signedOut: { errors: { form: SESSION_ENDED } },
    permission: "keys:manage",
    refused: { errors: { form: NOT_YOUR_ROLE } },
    invalid: (errors): CreateKeyState => ({ errors: { label: errors.label } }),
  },
  async ({ label }, { user, actor, form }): Promise<CreateKeyState> => {
    const { parsed, errors } = parseKeySettingsForm(form);
    if (Object.keys(errors).length > 0) return { errors };
    let settings: Awaited<ReturnType<typeof checkKeySettings>>;
    try {
      settings = await checkKeySettings(user.accountId, parsed.settings);
    } catch (error) {
      if (error instanceof InvalidKeySettingsError) return { errors: error.errors };
      throw error;
    }
    const created = await createApiKey({
      accountId: user.accountId,
      label,
      createdById: user.id,
      expiresAt: parsed.expiresAt ?? null,
      settings,
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
    revalidateKey(id);
    return { revoked: true };
  },
);

const overlaps = Object.keys(ROLL_OVERLAPS) as [keyof typeof ROLL_OVERLAPS];

/** A new secret for one of the account's keys; the old one works for the chosen overlap. */
export const rollKeyAction = action(
  {
    role: "user",
    schema: z.object({
      id: text(z.string().min(1)),
      overlap: text(z.enum(overlaps, { message: "Choose how long the old secret keeps working." })),
    }),
    signedOut: { error: SESSION_ENDED },
    permission: "keys:manage",
    refused: { error: NOT_YOUR_ROLE },
    invalid: (errors): RollKeyState => ({ error: errors.overlap ?? "Key not found." }),
  },
  async ({ id, overlap }, { user, actor }): Promise<RollKeyState> => {
    const rolled = await rollKey({
      id,
      accountId: user.accountId,
      overlapMs: ROLL_OVERLAPS[overlap].ms,
      actor,
    });
    if (!rolled) return { error: "This key can no longer be rolled (revoked or expired)." };
    revalidateKey(id);
    return {
      rolled: {
        id: rolled.id,
        key: rolled.key,
        label: rolled.label,
        previousExpiresAt: rolled.previousExpiresAt?.toISOString() ?? null,
      },
    };
  },
);

/** The old secret of a rolled key stops working now. */
export const endOverlapAction = action(
  {
    role: "user",
    schema: z.object({ id: text(z.string().min(1)) }),
    signedOut: { error: SESSION_ENDED },
    permission: "keys:manage",
    refused: { error: NOT_YOUR_ROLE },
    invalid: (): EndOverlapState => ({ error: "Key not found." }),
  },
  async ({ id }, { user, actor }): Promise<EndOverlapState> => {
    const ended = await endRollOverlap({ id, accountId: user.accountId, actor });
    if (!ended) return { error: "This key has no old secret working." };
    revalidateKey(id);
    return { ended: true };
  },
);

/** Scopes, own limits, IP allowlist and expiry of one of the account's keys. */
export const updateKeyAction = action(
  {
    role: "user",
    schema: z.object({ id: text(z.string().min(1)) }),
    signedOut: { errors: { form: SESSION_ENDED } },
    permission: "keys:manage",
    refused: { errors: { form: NOT_YOUR_ROLE } },
    invalid: (): UpdateKeyState => ({ errors: { form: "Key not found." } }),
  },
  async ({ id }, { user, actor, form }): Promise<UpdateKeyState> => {
    const { parsed, errors } = parseKeySettingsForm(form);
    if (Object.keys(errors).length > 0) return { errors };
    try {
      const updated = await updateKeySettings({
        id,
        accountId: user.accountId,
        settings: parsed.settings,
        expiresAt: parsed.expiresAt,
        actor,
      });
      if (!updated) return { errors: { form: "Key not found." } };
    } catch (error) {
      if (error instanceof InvalidKeySettingsError) return { errors: error.errors };
      throw error;
    }
    revalidateKey(id);
    return { errors: {}, saved: Date.now() };
  },
);
