"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { billingDeps } from "@/lib/billing/deps";
import { ensureOverageItem } from "@/lib/billing/overage/subscription-item";
import { requestOrigin } from "@/lib/billing/request-origin";
import { saveAutoRecharge } from "@/lib/billing/topups/auto-recharge/settings";
import { startTopUp } from "@/lib/billing/topups/checkout";
import { autoRechargeSchema, topUpSchema } from "@/lib/billing/topups/schemas";
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
  {
    role: "user",
    permission: "credit:manage",
    schema: accountSpendSchema,
    invalid: refused,
    returnTo: PAGE,
  },
  async ({ cap, postpaid }, { user, actor }): Promise<never> => {
    const result = await setAccountSpend(actor, user.accountId, { capMicros: cap, postpaid });
    if (!result.ok) back({ error: result.error });
    if (postpaid && result.customerId) {
      // The subscription gets the metered price now; the reporter adds it too if Stripe was away.
      await ensureOverageItem(billingDeps(), result.customerId).catch((error: unknown) =>
        console.error("Adding the overage price to the subscription failed.", error),
      );
    }
    revalidatePath(PAGE);
    back({ saved: "account" });
  },
);

/** One key's monthly spend cap; a key of another account is "not found". */
export const saveKeyCap = action(
  {
    role: "user",
    permission: "credit:manage",
    schema: keyCapSchema,
    invalid: refused,
    returnTo: PAGE,
  },
  async ({ keyId, cap }, { user, actor }): Promise<never> => {
    const result = await setKeySpendCap(actor, user.accountId, keyId, cap);
    if (!result.ok) back({ error: result.error });
    revalidatePath(PAGE);
    back({ saved: "key" });
  },
);

/** Top up: a Stripe Checkout (payment mode) for the amount; credited by the verified webhook. */
export const topUp = action(
  {
    role: "user",
    permission: "credit:manage",
    schema: topUpSchema,
    invalid: refused,
    returnTo: PAGE,
  },
  async ({ amount }, { user }): Promise<never> => {
    let target: string;
    try {
      const checkout = await startTopUp(billingDeps(), {
        accountId: user.accountId,
        userId: user.id,
        email: user.email,
        amountMicros: amount,
        origin: await requestOrigin(),
      });
      target = checkout.url;
    } catch (error) {
      console.error("Top-up: Stripe call failed", error);
      target = `${PAGE}?${new URLSearchParams({ error: "Payments are unavailable right now; please try again." })}`;
    }
    // redirect() throws to do its work: it stays outside the try.
    redirect(target);
  },
);

/** Auto-recharge: threshold, amount and failures allowed; on needs a card saved by a top-up. */
export const saveAutoRechargeSettings = action(
  {
    role: "user",
    permission: "credit:manage",
    schema: autoRechargeSchema,
    invalid: refused,
    returnTo: PAGE,
  },
  async (input, { user, actor }): Promise<never> => {
    const result = await saveAutoRecharge(actor, user.accountId, input);
    if (!result.ok) back({ error: result.error });
    revalidatePath(PAGE);
    back({ saved: "auto-recharge" });
  },
);
