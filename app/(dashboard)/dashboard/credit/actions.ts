"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { setAccountSpend, setKeySpendCap } from "@/lib/credit/caps";
import { accountSpendSchema, keyCapSchema } from "@/lib/credit/schemas";
import { action, type FieldErrors } from "@/lib/http/action";

const PAGE = "/dashboard/credit";

function back(query: Record<string, string>): never {
  redirect(`${PAGE}?${new URLSearchParams(query)}`);
}

const refused = (errors: FieldErrors): never =>
  back({ error: Object.values(errors)[0] ?? "Please check the form." });

/** The account's monthly spend cap and postpaid overage. */
export const saveAccountSpend = action(
  { role: "user", schema: accountSpendSchema, invalid: refused, returnTo: PAGE },
  async ({ cap, postpaid }, { user, actor }): Promise<never> => {
    const result = await setAccountSpend(actor, user.accountId, { capMicros: cap, postpaid });
    if (!result.ok) back({ error: result.error });
    revalidatePath(PAGE);
    back({ saved: "account" });
  },
);

/** One key's monthly spend cap; a key of another account is "not found". */
export const saveKeyCap = action(
  { role: "user", schema: keyCapSchema, invalid: refused, returnTo: PAGE },
  async ({ keyId, cap }, { user, actor }): Promise<never> => {
    const result = await setKeySpendCap(actor, user.accountId, keyId, cap);
    if (!result.ok) back({ error: result.error });
    revalidatePath(PAGE);
    back({ saved: "key" });
  },
);
