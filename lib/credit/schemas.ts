import { z } from "zod";
import { pkrToMicros } from "./money";

/** A PKR amount typed in a form: blank means "no cap" (null); otherwise exact micros. */
const optionalPkr = z.preprocess(
  (value) => (typeof value === "string" ? value : ""),
  z
    .string()
    .trim()
    .transform((text, context) => {
      if (text === "") return null;
      const micros = pkrToMicros(text);
      if (micros === null) {
        context.addIssue({ code: "custom", message: "Enter an amount in PKR, e.g. 5000 or 12.50" });
        return z.NEVER;
      }
      return micros;
    }),
);

const positivePkr = z.preprocess(
  (value) => (typeof value === "string" ? value : ""),
  z
    .string()
    .trim()
    .transform((text, context) => {
      const micros = pkrToMicros(text);
      if (micros === null || micros <= 0) {
        context.addIssue({ code: "custom", message: "Enter a positive amount in PKR, e.g. 500" });
        return z.NEVER;
      }
      return micros;
    }),
);

export const accountSpendSchema = z.object({
  cap: optionalPkr,
  postpaid: z.preprocess((value) => value === "on", z.boolean()),
});

export const keyCapSchema = z.object({
  keyId: z.string().min(1),
  cap: optionalPkr,
});

export const grantSchema = z.object({
  accountId: z.string().min(1),
  amount: positivePkr,
  note: z.preprocess(
    (value) => value ?? "",
    z.string().trim().min(1, "Say why (the customer sees it)").max(200),
  ),
  /** One per rendered form: a double submit grants once. */
  nonce: z.string().min(8).max(64),
});
