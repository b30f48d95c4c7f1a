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

/**
 * A PKR amount (form text or a JSON number) as exact micros: `unreadable` when it is not an
 * amount, else whatever `problem` finds wrong with it.
 */
export function pkrField(unreadable: string, problem: (micros: number) => string | null) {
  return z.preprocess(
    (value) => (typeof value === "number" ? String(value) : typeof value === "string" ? value : ""),
    z
      .string()
      .trim()
      .transform((text, context) => {
        const micros = pkrToMicros(text);
        const wrong = micros === null ? unreadable : problem(micros);
        if (wrong !== null || micros === null) {
          context.addIssue({ code: "custom", message: wrong ?? unreadable });
          return z.NEVER;
        }
        return micros;
      }),
  );
}

/** A PKR amount above zero; `message` says what to enter. */
export function positivePkrField(message: string) {
  return pkrField(message, (micros) => (micros > 0 ? null : message));
}

const positivePkr = positivePkrField("Enter a positive amount in PKR, e.g. 500");

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
