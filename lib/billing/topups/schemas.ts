import { z } from "zod";
import { pkrToMicros } from "@/lib/credit/money";
import { topUpAmountProblem } from "./amounts";

/** A PKR amount that can be charged to a card: Stripe's minimum up to our maximum, whole paisa. */
export const chargeablePkr = z.preprocess(
  (value) => (typeof value === "number" ? String(value) : typeof value === "string" ? value : ""),
  z
    .string()
    .trim()
    .transform((text, context) => {
      const micros = pkrToMicros(text);
      if (micros === null) {
        context.addIssue({ code: "custom", message: "Enter an amount in PKR, e.g. 500" });
        return z.NEVER;
      }
      const problem = topUpAmountProblem(micros);
      if (problem) {
        context.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }
      return micros;
    }),
);

export const topUpSchema = z.object({ amount: chargeablePkr });

const threshold = z.preprocess(
  (value) => (typeof value === "string" ? value : ""),
  z
    .string()
    .trim()
    .transform((text, context) => {
      const micros = pkrToMicros(text);
      if (micros === null || micros <= 0) {
        context.addIssue({ code: "custom", message: "Enter a threshold in PKR, e.g. 200" });
        return z.NEVER;
      }
      return micros;
    }),
);

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
