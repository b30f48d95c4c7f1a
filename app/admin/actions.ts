"use server";

import { revalidatePath } from "next/cache";
import { type ActionState, invalidState } from "@/lib/admin/action-state";
import { setAccountStatus, setEnterpriseTerms } from "@/lib/admin/control/account-terms";
import { createKeyFor } from "@/lib/admin/control/keys";
import {
  accountStatusSchema,
  createKeySchema,
  enterpriseTermsSchema,
  revokeKeySchema,
} from "@/lib/admin/control/schemas";
import { action } from "@/lib/http/action";
import { revokeApiKey } from "@/lib/keys/revoke";

const NO_ACCOUNT = { error: "That account no longer exists." };

export const saveEnterpriseTerms = action(
  { role: "admin", schema: enterpriseTermsSchema, invalid: invalidState },
  async (terms, { actor }): Promise<ActionState> => {
    if (!(await setEnterpriseTerms(actor, terms))) return NO_ACCOUNT;
    revalidatePath("/admin", "layout");
    return {
      ok: true,
      message: "Saved: the account is on Enterprise with these terms from its next call.",
    };
  },
);

export const changeAccountStatus = action(
  { role: "admin", schema: accountStatusSchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    if (!(await setAccountStatus(actor, input.accountId, input.status))) return NO_ACCOUNT;
    revalidatePath("/admin", "layout");
    return {
      ok: true,
      message:
        input.status === "suspended"
          ? "Suspended: its keys are refused from now on."
          : "Reinstated.",
    };
  },
);

export const revokeKey = action(
  { role: "admin", schema: revokeKeySchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    const revoked = await revokeApiKey({ id: input.id, actor });
    if (!revoked) return { error: "No such key." };
    revalidatePath("/admin", "layout");
    return { ok: true, message: "Revoked." };
  },
);

export const createKey = action(
  { role: "admin", schema: createKeySchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    const result = await createKeyFor(actor, input);
    if (!result.ok) return { error: result.error };
    revalidatePath("/admin", "layout");
    return {
      ok: true,
      created: {
        key: result.key.key,
        label: result.key.label,
        display: result.key.display,
        accountId: result.accountId,
        createdAccount: result.createdAccount,
      },
    };
  },
);
