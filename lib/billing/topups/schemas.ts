import { z } from "zod";
import { pkrField, positivePkrField } from "@/lib/credit/schemas";
import { topUpAmountProblem } from "./amounts";

/** A PKR amount that can be charged to a card: Stripe's minimum up to our maximum, whole paisa. */
export const chargeablePkr = pkrField("Enter an amount in PKR, e.g. 500", topUpAmountProblem);

export const topUpSchema = z.object({ amount: chargeablePkr });

const threshold = positivePkrField("Enter a threshold in PKR, e.g. 200");

export const autoRechargeSchema = z.object({
  enabled: z.preprocess(
    (value) => value === "on" || value === "true" || value === true,
    z.boolean(),
  ),
  threshold,
  amount: chargeablePkr,
  maxFailures: z.preprocess(
    (value) => (value === undefined || value === "" ? 3 : value),
    z.coerce
      .number()
      .int("Failures allowed is a whole number")
      .min(1, "Allow at least 1 failure")
      .max(10, "At most 10 failures"),
  ),
});

export type AutoRechargeInput = z.output<typeof autoRechargeSchema>;
