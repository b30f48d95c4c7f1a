import { createPlan } from "@/lib/admin/plans/changes";
import { planJson } from "@/lib/admin/plans/json";
import { createPlanSchema } from "@/lib/admin/plans/schemas";
import { AppError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { listPlans } from "@/lib/plans/store";
import { db } from "@/lib/services";

/** GET: every plan at its latest version, archived ones included. */
export const GET = route({ auth: "admin-api" }, async () => {
  const plans = await listPlans(db(), { includeArchived: true });
  return Response.json({ object: "list", data: plans.map(planJson) });
});

/** POST {id, name, rank, pricePkr, limitRpm, …}: a new plan at version 1. 201, or 409 if taken. */
export const POST = route(
  { auth: "admin-api", body: createPlanSchema },
  async ({ actor, body }) => {
    const result = await createPlan(actor, body);
    if (!result.ok) throw new AppError(409, "plan_exists", result.error);
    if (!result.plan) throw new AppError(404, "not_found", "The plan vanished.");
    return Response.json(planJson(result.plan), { status: 201 });
  },
);
