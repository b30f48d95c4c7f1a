"use server";

import { revalidatePath } from "next/cache";
import { type ActionState, invalidState, refusedState } from "@/lib/admin/action-state";
import { action } from "@/lib/http/action";
import { priceVersionSchema } from "@/lib/pricing/schema";
import { addPriceVersion } from "@/lib/pricing/versions";

export const addPriceVersionAction = action(
  { role: "admin", schema: priceVersionSchema, invalid: invalidState, returnTo: "/admin/prices" },
  async (input, { actor }): Promise<ActionState> => {
    const result = await addPriceVersion(actor, input);
    if (!result.ok) return refusedState(result);
    revalidatePath("/admin/prices");
    const when = input.effectiveFrom
      ? `from ${new Date(result.version.effectiveFrom).toISOString()}`
      : "now (every instance within a second)";
    return { ok: true, message: `New price for ${input.model}, in force ${when}.` };
  },
);
