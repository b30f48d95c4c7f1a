"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createUserWithAccount, normalizeEmail } from "@/lib/accounts/create-user";
import { sendVerificationEmail } from "@/lib/auth/email-verification";
import { safeReturnPath } from "@/lib/auth/origin";
import { hashPassword } from "@/lib/auth/password";
import { signUpWaitMessage, takeSignUpSlot } from "@/lib/auth/signup-throttle";
import { clientIp } from "@/lib/auth/throttle";
import { requestOrigin } from "@/lib/billing/request-origin";
import { action, text } from "@/lib/http/action";
import { signUpAttemptMail } from "@/lib/mail/templates";
import { mailer } from "../../mailer";

const signUpSchema = z.object({
  name: text(z.string().trim().max(100, "Use at most 100 characters")),
  email: text(
    z
      .string()
      .trim()
      .pipe(z.email("Enter a valid email address").max(320, "That email is too long")),
  ),
  password: text(
    z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters"),
  ),
});

type Field = keyof z.infer<typeof signUpSchema>;

export interface SignUpState {
  errors: Partial<Record<Field | "form", string>>;
  /** What the person typed (never the password), so a failed submit does not clear the form. */
  values: { name: string; email: string };
}

function typed(form: FormData): SignUpState["values"] {
  return {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? "").trim(),
  };
}

/**
 * Creates the user and their Free account and mails a verification link. A taken email gets the
 * same answer (the "check your email" page) while its owner is told by mail, so the form never
 * says which addresses have accounts.
 */
export const signUp = action(
  {
    role: "public",
    schema: signUpSchema,
    invalid: (errors, form): SignUpState => ({
      values: typed(form),
      errors: { name: errors.name, email: errors.email, password: errors.password },
    }),
  },
  async ({ name, email, password }, { form }): Promise<SignUpState> => {
    const waitSeconds = await takeSignUpSlot(clientIp(await headers()));
    if (waitSeconds > 0)
      return { values: typed(form), errors: { form: signUpWaitMessage(waitSeconds) } };
    const created = await createUserWithAccount({
      email,
      name: name || null,
      passwordHash: await hashPassword(password),
      // Never admin here: DARWAZA_ADMIN_EMAILS promotes an address only once it is verified.
      role: "customer",
      plan: "free",
    });
    const callbackUrl = safeReturnPath(String(form.get("callbackUrl") ?? ""));
    const origin = await requestOrigin();
    try {
      if (created) await sendVerificationEmail(mailer(), created.user, origin, callbackUrl);
      else
        await mailer().send(
          signUpAttemptMail(
            normalizeEmail(email),
            `${origin}/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`,
          ),
        );
    } catch (error) {
      // Both paths fail alike; a fresh account can ask for its link again from the portal.
      console.error(
        "Sign-up: the email could not be sent:",
        error instanceof Error ? error.message : error,
      );
    }
    redirect(`/signup/check-email?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  },
);
