"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { pkrToMicros } from "@/lib/credit/money";
import { action, text } from "@/lib/http/action";
import { db } from "@/lib/services";
import { resendDelivery } from "@/lib/webhooks/deliveries";
import { addEndpoint, removeEndpoint } from "@/lib/webhooks/endpoints";
import type { AddEndpointState } from "@/lib/webhooks/forms";
import { setLowCreditThreshold } from "@/lib/webhooks/spend-alerts";

const PAGE = "/dashboard/webhooks";

const addSchema = z.object({
  url: text(z.string().trim().min(1, "Enter the URL that should receive webhooks").max(2_000)),
});

/** Register an endpoint for the chosen events; its secret comes back once. */
export const addWebhookEndpoint = action(
  {
    role: "user",
    permission: "webhooks:manage",
    schema: addSchema,
    signedOut: { error: "Your session ended. Sign in again." },
    invalid: (errors): AddEndpointState => ({ error: Object.values(errors)[0] }),
  },
  async ({ url }, { user, form }): Promise<AddEndpointState> => {
    const events = form.getAll("events").map(String);
    const result = await addEndpoint(user.accountId, { url, events });
    if (!result.ok) return { error: result.error };
    revalidatePath(PAGE);
    return { created: { id: result.endpoint.id, url: result.endpoint.url, secret: result.secret } };
  },
);

const idSchema = z.object({ id: text(z.string().min(1).max(100)) });

export const removeWebhookEndpoint = action(
  {
    role: "user",
    permission: "webhooks:manage",
    schema: idSchema,
    invalid: () => redirect(PAGE),
    returnTo: PAGE,
  },
  async ({ id }, { user }): Promise<never> => {
    await removeEndpoint(user.accountId, id);
    revalidatePath(PAGE);
    redirect(PAGE);
  },
);

/** Send one delivery's event again; another account's delivery is simply not found. */
export const resendWebhookDelivery = action(
  {
    role: "user",
    permission: "webhooks:manage",
    schema: idSchema,
    invalid: () => redirect(PAGE),
    returnTo: PAGE,
  },
  async ({ id }, { user }): Promise<never> => {
    const created = await resendDelivery(user.accountId, id);
    revalidatePath(PAGE);
    redirect(created ? `${PAGE}?resent=1` : `${PAGE}?error=not-found`);
  },
);

const lowCreditSchema = z.object({
  threshold: z.preprocess(
    (value) => (typeof value === "string" ? value : ""),
    z
      .string()
      .trim()
      .transform((text, context) => {
        if (text === "") return null;
        const micros = pkrToMicros(text);
        if (micros === null || micros <= 0) {
          context.addIssue({ code: "custom", message: "Enter an amount in PKR, e.g. 500" });
          return z.NEVER;
        }
        return micros;
      }),
  ),
});

/** The account's low-credit alert threshold; blank turns the alert off. */
export const saveLowCreditAlert = action(
  {
    role: "user",
    permission: "webhooks:manage",
    schema: lowCreditSchema,
    invalid: (errors) =>
      redirect(`${PAGE}?${new URLSearchParams({ invalid: errors.threshold ?? "" })}`),
    returnTo: PAGE,
  },
  async ({ threshold }, { user }): Promise<never> => {
    await setLowCreditThreshold(db(), user.accountId, threshold);
    revalidatePath(PAGE);
    redirect(`${PAGE}?saved=low-credit`);
  },
);
