"use server";

import { revalidatePath } from "next/cache";
import { type ActionState, invalidState, refusedState } from "@/lib/admin/action-state";
import { removeCustomEndpoint, saveCustomEndpoint } from "@/lib/admin/routing/endpoints";
import { endpointSchema, removeSchema } from "@/lib/admin/routing/schemas";
import { action } from "@/lib/http/action";

export const saveEndpointAction = action(
  { role: "admin", schema: endpointSchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    const result = await saveCustomEndpoint(actor, input);
    if (!result.ok) return refusedState(result);
    revalidatePath("/admin/endpoints");
    return { ok: true, message: `Published /api/v1/x/${input.path} (live within a second).` };
  },
);

export const removeEndpointAction = action(
  { role: "admin", schema: removeSchema, invalid: invalidState },
  async (input, { actor }): Promise<ActionState> => {
    if (!(await removeCustomEndpoint(actor, input.name))) return { error: "No such endpoint." };
    revalidatePath("/admin/endpoints");
    return { ok: true, message: `Removed /api/v1/x/${input.name}.` };
  },
);
