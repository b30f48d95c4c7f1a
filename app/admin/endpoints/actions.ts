"use server";

import { revalidatePath } from "next/cache";
import { refusedState } from "@/lib/admin/action-state";
import { adminAction } from "@/lib/admin/admin-action";
import { removeCustomEndpoint, saveCustomEndpoint } from "@/lib/admin/routing/endpoints";
import { endpointSchema, removeSchema } from "@/lib/admin/routing/schemas";

export const saveEndpointAction = adminAction(endpointSchema, async (input, actor) => {
  const result = await saveCustomEndpoint(actor, input);
  if (!result.ok) return refusedState(result);
  revalidatePath("/admin/endpoints");
  return { ok: true, message: `Published /api/v1/x/${input.path} (live within a second).` };
});

export const removeEndpointAction = adminAction(removeSchema, async (input, actor) => {
  if (!(await removeCustomEndpoint(actor, input.name))) return { error: "No such endpoint." };
  revalidatePath("/admin/endpoints");
  return { ok: true, message: `Removed /api/v1/x/${input.name}.` };
});
