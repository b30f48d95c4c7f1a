"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/admin/admin-action";
import { setAccountStatus, setEnterpriseTerms } from "@/lib/admin/control/account-terms";
import { createKeyFor } from "@/lib/admin/control/keys";
import {
  accountStatusSchema,
  createKeySchema,
  enterpriseTermsSchema,
  revokeKeySchema,
} from "@/lib/admin/control/schemas";
import { revokeApiKey } from "@/lib/keys/revoke";

const NO_ACCOUNT = { error: "That account no longer exists." };

export const saveEnterpriseTerms = adminAction(enterpriseTermsSchema, async (terms, actor) => {
  if (!(await setEnterpriseTerms(actor, terms))) return NO_ACCOUNT;
  revalidatePath("/admin", "layout");
  return {
    ok: true,
    message: "Saved: the account is on Enterprise with these terms from its next call.",
  };
});

export const changeAccountStatus = adminAction(accountStatusSchema, async (input, actor) => {
  if (!(await setAccountStatus(actor, input.accountId, input.status))) return NO_ACCOUNT;
  revalidatePath("/admin", "layout");
  return {
    ok: true,
    message:
      input.status === "suspended" ? "Suspended: its keys are refused from now on." : "Reinstated.",
  };
});

export const revokeKey = adminAction(revokeKeySchema, async (input, actor) => {
  const revoked = await revokeApiKey({ id: input.id, actor });
  if (!revoked) return { error: "No such key." };
  revalidatePath("/admin", "layout");
  return { ok: true, message: "Revoked." };
});

export const createKey = adminAction(createKeySchema, async (input, actor) => {
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
});
