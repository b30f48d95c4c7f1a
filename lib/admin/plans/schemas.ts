import { z } from "zod";
import { PLAN_SLUG } from "@/lib/plans/lookup-key";

/** A blank form field is "not set": for a limit that means unlimited, for a price "custom". */
const blankToNull = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? null : value;

const limit = z.preprocess(
  blankToNull,
  z.coerce
    .number({ error: "Enter a whole number, or leave it blank for unlimited" })
    .int("Enter a whole number, or leave it blank for unlimited")
    .min(1, "At least 1, or blank for unlimited")
    .max(2_000_000_000, "Too large")
    .nullable(),
);

/** A checkbox: sent as "on" when ticked, absent otherwise; JSON callers may send booleans. */
const checkbox = z.preprocess(
  (value) => value === true || value === "on" || value === "true",
  z.boolean(),
);

/** One entry per line (or comma, for models); blanks dropped. */
const lines = (separator: RegExp) => (value: unknown) =>
  Array.isArray(value)
    ? value
    : typeof value === "string"
      ? value
          .split(separator)
          .map((line) => line.trim())
          .filter(Boolean)
      : [];

export const planSlugSchema = z
  .string()
  .trim()
  .regex(PLAN_SLUG, "2–40 lower-case letters, digits or dashes, starting with a letter");

/** The terms every version of a plan carries, as the console's form sends them. */
export const planTermsSchema = z.object({
  name: z.string().trim().min(1, "Give the plan a name").max(60, "At most 60 characters"),
  rank: z.coerce
    .number({ error: "Enter a whole number" })
    .int("Enter a whole number")
    .min(0, "At least 0")
    .max(1_000, "At most 1,000"),
  selfServe: checkbox,
  /** Monthly price in PKR (up to two decimals), stored in paisa; blank = agreed per customer. */
  pricePkr: z.preprocess(
    blankToNull,
    z.coerce
      .number({ error: "Enter a price in PKR" })
      .min(0, "A price cannot be negative")
      .max(100_000_000, "Too large")
      .refine(
        (value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6,
        "At most two decimals",
      )
      .nullable(),
  ),
  limitRpm: limit,
  limitRpd: limit,
  limitTpd: limit,
  limitMaxTokens: limit,
  features: z.preprocess(
    lines(/\r?\n/),
    z.array(z.string().max(120, "A feature line is at most 120 characters")).max(20),
  ),
  support: z.string().trim().max(120, "At most 120 characters").default(""),
  /** Blank = every model the plan's rank reaches. */
  models: z.preprocess((value) => {
    const list = lines(/[\s,]+/)(value);
    return list.length === 0 ? null : list;
  }, z.array(z.string().max(200)).max(200).nullable()),
  overageAllowed: checkbox,
});
export type PlanTermsInput = z.infer<typeof planTermsSchema>;

export const createPlanSchema = planTermsSchema
  .extend({ id: planSlugSchema })
  .refine((input) => !input.selfServe || (input.pricePkr ?? 0) > 0, {
    message: "A plan bought online needs a price above zero",
    path: ["pricePkr"],
  });
export type CreatePlanInput = z.infer<typeof createPlanSchema>;

export const editPlanSchema = planTermsSchema
  .extend({ id: planSlugSchema })
  .refine((input) => !input.selfServe || (input.pricePkr ?? 0) > 0, {
    message: "A plan bought online needs a price above zero",
    path: ["pricePkr"],
  });

export const planIdSchema = z.object({ id: planSlugSchema });

export const archivePlanSchema = z.object({ id: planSlugSchema, archived: checkbox });

export const infraCostSchema = z.object({
  /** Monthly infrastructure cost in PKR (up to two decimals), stored in paisa. */
  infraPkr: z.coerce
    .number({ error: "Enter an amount in PKR" })
    .min(0, "It cannot be negative")
    .max(1_000_000_000, "Too large")
    .refine(
      (value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6,
      "At most two decimals",
    ),
});
