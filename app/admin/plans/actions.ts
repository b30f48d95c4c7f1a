"use server";

import { revalidatePath } from "next/cache";
import { type ActionState, invalidState, refusedState } from "@/lib/admin/action-state";
import {
  createPlan,
  editPlan,
  moveSubscribersToLatest,
  setInfraCost,
  setPlanArchived,
} from "@/lib/admin/plans/changes";
import {
  archivePlanSchema,
  createPlanSchema,
  editPlanSchema,
  infraCostSchema,
  planIdSchema,
} from "@/lib/admin/plans/schemas";
import { ensurePlanPrice } from "@/lib/billing/catalog";
import { billingDeps } from "@/lib/billing/deps";
import { moveStripeSubscriptions } from "@/lib/billing/move-subscribers";
import { isSellable } from "@/lib/billing/price-plans";
import { action } from "@/lib/http/action";
import type { PlanTerms } from "@/lib/plans/plans";

/** Sync a sellable version to Stripe now; a failure is reported, and checkout retries it. */
async function syncToStripe(plan: PlanTerms | undefined): Promise<string> {
  if (!plan || !isSellable(plan)) return "";
  try {
    const { db, stripe } = billingDeps();
    const price = await ensurePlanPrice(db, stripe, plan);
    return ` Stripe price ${price.id} (${plan.stripeLookupKey}).`;
  } catch (error) {
    console.error("Plans: Stripe sync failed", error);
    return " Stripe could not be reached: the price is created at the first checkout.";
  }
}

function refresh(): void {
  revalidatePath("/admin/plans", "layout");
  revalidatePath("/pricing");
  revalidatePath("/");
}

export const createPlanAction = action(
  { role: "admin", schema: createPlanSchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    const result = await createPlan(actor, input);
    if (!result.ok) return refusedState(result);
    const synced = await syncToStripe(result.plan);
    refresh();
    return { ok: true, message: `Created ${input.name} (${input.id}), version 1.${synced}` };
  },
);

export const editPlanAction = action(
  { role: "admin", schema: editPlanSchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    const result = await editPlan(actor, input);
    if (!result.ok) return refusedState(result);
    const synced = await syncToStripe(result.plan);
    refresh();
    return {
      ok: true,
      message: `Saved as version ${result.plan?.version}: new subscribers get it; existing ones stay on theirs until moved.${synced}`,
    };
  },
);

export const archivePlanAction = action(
  { role: "admin", schema: archivePlanSchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    const result = await setPlanArchived(actor, input.id, input.archived);
    if (!result.ok) return refusedState(result);
    refresh();
    return {
      ok: true,
      message: input.archived ? "Archived: no longer sold." : "Restored: on sale again.",
    };
  },
);

export const moveSubscribersAction = action(
  { role: "admin", schema: planIdSchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    // Accounts first: moving a Stripe subscription sends a webhook that pins its account to the
    // new version too, and would otherwise race this count.
    const moved = await moveSubscribersToLatest(actor, input.id);
    if (moved === null) return { error: "No such plan." };
    let stripeNote = "";
    try {
      const { moved: subscriptions, failed } = await moveStripeSubscriptions(
        billingDeps(),
        input.id,
      );
      if (subscriptions || failed)
        stripeNote = ` ${subscriptions} Stripe subscriptions move to its price at renewal${failed ? `, ${failed} could not be changed` : ""}.`;
    } catch (error) {
      console.error("Plans: moving Stripe subscriptions failed", error);
      stripeNote = " Stripe could not be reached: their subscriptions keep their price.";
    }
    refresh();
    return {
      ok: true,
      message: `${moved} accounts are on the latest version from their next call.${stripeNote}`,
    };
  },
);

export const saveInfraCostAction = action(
  { role: "admin", schema: infraCostSchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    await setInfraCost(actor, BigInt(Math.round(input.infraPkr * 100)));
    revalidatePath("/admin");
    return { ok: true, message: "Saved: margin subtracts it from this month on." };
  },
);
