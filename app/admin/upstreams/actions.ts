"use server";

import { revalidatePath } from "next/cache";
import { type ActionState, invalidState, refusedState } from "@/lib/admin/action-state";
import { removeSchema, upstreamSchema } from "@/lib/admin/routing/schemas";
import { removeUpstream, saveUpstream } from "@/lib/admin/routing/upstreams";
import { action } from "@/lib/http/action";

export const saveUpstreamAction = action(
  { role: "admin", schema: upstreamSchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    const result = await saveUpstream(actor, input);
    if (!result.ok) return refusedState(result);
    revalidatePath("/admin/upstreams");
    return {
      ok: true,
      message: `Saved ${input.name}: every instance routes with it within a second.`,
    };
  },
);

export const removeUpstreamAction = action(
  { role: "admin", schema: removeSchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    if (!(await removeUpstream(actor, input.name))) return { error: "No such upstream." };
    revalidatePath("/admin/upstreams");
    return { ok: true, message: `Removed ${input.name}.` };
  },
);
