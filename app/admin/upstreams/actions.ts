"use server";

import { revalidatePath } from "next/cache";
import { refusedState } from "@/lib/admin/action-state";
import { adminAction } from "@/lib/admin/admin-action";
import { removeSchema, upstreamSchema } from "@/lib/admin/routing/schemas";
import { removeUpstream, saveUpstream } from "@/lib/admin/routing/upstreams";

export const saveUpstreamAction = adminAction(upstreamSchema, async (input, actor) => {
  const result = await saveUpstream(actor, input);
  if (!result.ok) return refusedState(result);
  revalidatePath("/admin/upstreams");
  return {
    ok: true,
    message: `Saved ${input.name}: every instance routes with it within a second.`,
  };
});

export const removeUpstreamAction = adminAction(removeSchema, async (input, actor) => {
  if (!(await removeUpstream(actor, input.name))) return { error: "No such upstream." };
  revalidatePath("/admin/upstreams");
  return { ok: true, message: `Removed ${input.name}.` };
});
