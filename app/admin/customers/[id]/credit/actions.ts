"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { grantCredit } from "@/lib/credit/ledger";
import { grantSchema } from "@/lib/credit/schemas";
import { action, type FieldErrors } from "@/lib/http/action";

const page = (accountId: string) => `/admin/customers/${encodeURIComponent(accountId)}/credit`;

/** An admin grants free credit: one ledger entry and its audit row, once per form. */
export const grantCreditAction = action(
  {
    role: "admin",
    schema: grantSchema,
    invalid: (errors: FieldErrors, form: FormData): never =>
      redirect(
        `${page(String(form.get("accountId") ?? ""))}?${new URLSearchParams({ error: Object.values(errors)[0] ?? "Check the form." })}`,
      ),
  },
  async ({ accountId, amount, note, nonce }, { actor }): Promise<never> => {
    const granted = await grantCredit({
      accountId,
      amountMicros: amount,
      note,
      actor,
      idempotencyKey: `${accountId}:${nonce}`,
    }).catch((error: unknown) => {
      // A foreign key miss: the account is gone.
      if (error instanceof Error && /foreign key|P2003/i.test(error.message)) return null;
      throw error;
    });
    if (granted === null) redirect(`${page(accountId)}?error=No+such+account.`);
    revalidatePath(page(accountId));
    redirect(`${page(accountId)}?granted=${granted ? "1" : "0"}`);
  },
);
