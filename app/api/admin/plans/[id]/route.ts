import { z } from "zod";
import { editPlan } from "@/lib/admin/plans/changes";
import { planJson } from "@/lib/admin/plans/json";
import { planSlugSchema, planTermsSchema } from "@/lib/admin/plans/schemas";
import { AppError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";

const params = z.object({ id: planSlugSchema });

const editSchema = planTermsSchema.refine(
  (input) => !input.selfServe || (input.pricePkr ?? 0) > 0,
  { message: "A plan bought online needs a price above zero", path: ["pricePkr"] },
);

/** PUT {name, rank, pricePkr, …}: the plan's terms as a NEW version; subscribers keep theirs. */
export const PUT = route(
  { auth: "admin-api", params, body: editSchema },
  async ({ actor, params, body }) => {
    const result = await editPlan(actor, { ...body, id: params.id });
    if (!result.ok || !result.plan) throw new AppError(404, "not_found", "No such plan.");
    return Response.json(planJson(result.plan));
  },
);
