import { z } from "zod";

/** A blank form field is "not set": for a limit that means unlimited. */
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

const id = z.string().trim().min(1, "Missing id").max(100);

export const enterpriseTermsSchema = z.object({
  accountId: id,
  limitRpm: limit,
  limitRpd: limit,
  limitTpd: limit,
  limitMaxTokens: limit,
  /** Monthly price in PKR (rupees, up to two decimals); stored in paisa. */
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
});
export type EnterpriseTerms = z.infer<typeof enterpriseTermsSchema>;

export const accountStatusSchema = z.object({
  accountId: id,
  status: z.enum(["active", "suspended"]),
});

export const revokeKeySchema = z.object({ id });

export const createKeySchema = z
  .object({
    accountId: z.preprocess(blankToNull, id.nullable().optional()),
    email: z.preprocess(blankToNull, z.email("Enter an email address").nullable().optional()),
    label: z.string().trim().min(1, "Give the key a label").max(64, "At most 64 characters"),
    /** Only used when the email has no account yet. */
    plan: z.preprocess(
      blankToNull,
      z.enum(["free", "starter", "pro", "enterprise"]).nullable().optional(),
    ),
  })
  .refine((input) => input.accountId || input.email, {
    message: "Enter the email of the account",
    path: ["email"],
  });
export type CreateKeyInput = z.infer<typeof createKeySchema>;
