"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { z } from "zod";
import { requestEmailChange } from "@/lib/account/change-email";
import { deleteAccount } from "@/lib/account/delete-account";
import { changePassword } from "@/lib/auth/change-password";
import { resendVerificationEmail } from "@/lib/auth/email-verification";
import { authOptions } from "@/lib/auth/options";
import { startSession } from "@/lib/auth/session";
import { sessionCookieName } from "@/lib/auth/session-config";
import { billingDeps } from "@/lib/billing/deps";
import { requestOrigin } from "@/lib/billing/request-origin";
import { action, text } from "@/lib/http/action";
import { accountDeletedMail } from "@/lib/mail/templates";
import { mailer } from "../../../mailer";
import type { DeleteState, EmailState, PasswordState, ResendState } from "./password-state";

const SESSION_ENDED = "Your session ended. Sign in again.";

const passwordSchema = z
  .object({
    current: text(z.string().min(1, "Enter your current password").max(200)),
    next: text(
      z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters"),
    ),
    confirm: text(z.string()),
  })
  .refine((value) => value.next === value.confirm, {
    path: ["confirm"],
    error: "The two new passwords differ",
  });

/** Changes the password; other browsers are signed out, this one gets a fresh cookie. */
export const updatePassword = action(
  {
    role: "user",
    schema: passwordSchema,
    signedOut: { errors: { form: SESSION_ENDED } },
    invalid: (errors): PasswordState => ({
      errors: { current: errors.current, next: errors.next, confirm: errors.confirm },
    }),
  },
  async ({ current, next }, { user }): Promise<PasswordState> => {
    const session = await getServerSession(authOptions());
    const result = await changePassword(user.id, session?.user?.sv ?? 0, current, next);
    if (!result.ok) {
      return result.error === "wrong_password"
        ? { errors: { current: "That is not your current password" } }
        : { errors: { form: SESSION_ENDED } };
    }
    await startSession(result.user);
    return { errors: {}, changed: true };
  },
);

/** "Send the link again" from the portal banner: at most one mail a minute. */
export const resendVerification = action(
  { role: "user", signedOut: { message: SESSION_ENDED } },
  async (_input, { user }): Promise<ResendState> => {
    if (user.emailVerified) return { message: "Your email is already confirmed." };
    const sent = await resendVerificationEmail(mailer(), user.id, await requestOrigin());
    return {
      message: sent
        ? `We sent a new link to ${user.email}.`
        : "A link was sent less than a minute ago: check your inbox, or try again shortly.",
    };
  },
);

// Field names are unique on the account page: each input's id is derived from its name.
const emailSchema = z.object({
  newEmail: text(
    z
      .string()
      .trim()
      .pipe(z.email("Enter a valid email address").max(320, "That email is too long")),
  ),
  emailPassword: text(z.string().max(200)),
});

/** Sends a confirmation link to the new address; the email changes only once it is followed. */
export const changeEmail = action(
  {
    role: "user",
    schema: emailSchema,
    signedOut: { errors: { form: SESSION_ENDED } },
    invalid: (errors): EmailState => ({
      errors: { email: errors.newEmail, password: errors.emailPassword },
    }),
  },
  async ({ newEmail, emailPassword }, { user }): Promise<EmailState> => {
    const result = await requestEmailChange(mailer(), {
      userId: user.id,
      password: emailPassword,
      newEmail,
      origin: await requestOrigin(),
    });
    if (result.ok) return { errors: {}, sentTo: newEmail.toLowerCase() };
    if (result.error === "wrong_password") {
      return { errors: { password: "That is not your current password" } };
    }
    if (result.error === "same_email") {
      return { errors: { email: "That is already your email address" } };
    }
    if (result.error === "throttled") {
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      return { errors: { form: `Too many requests. Try again in ${minutes} min.` } };
    }
    return { errors: { form: SESSION_ENDED } };
  },
);

const deleteSchema = z.object({
  deletePassword: text(z.string().max(200)),
  deleteConfirm: text(z.string().trim()),
});

/**
 * Deletes the account (owners only): keys revoked, subscription cancelled, personal data removed.
 * This browser's cookie is dropped too; every other session ended with the deletion.
 */
export const removeAccount = action(
  {
    role: "user",
    schema: deleteSchema,
    signedOut: { errors: { form: SESSION_ENDED } },
    permission: "account:delete",
    refused: { errors: { form: "Only the account's owner can delete it." } },
    invalid: (): DeleteState => ({ errors: { form: "Fill in the form." } }),
  },
  async ({ deletePassword: password, deleteConfirm }, { user }): Promise<DeleteState> => {
    if (deleteConfirm.toLowerCase() !== user.email.toLowerCase()) {
      return { errors: { confirm: "Type your email address exactly as shown" } };
    }
    const email = user.email;
    let result: Awaited<ReturnType<typeof deleteAccount>>;
    try {
      result = await deleteAccount(billingDeps(), {
        userId: user.id,
        accountId: user.accountId,
        password,
      });
    } catch (error) {
      console.error("Account deletion failed", error);
      return {
        errors: { form: "We could not finish deleting the account just now. Try again shortly." },
      };
    }
    if (!result.ok) {
      if (result.error === "wrong_password") {
        return { errors: { password: "That is not your current password" } };
      }
      if (result.error === "not_owner") {
        return { errors: { form: "Only an owner of this account can delete it." } };
      }
      return { errors: { form: SESSION_ENDED } };
    }
    await mailer()
      .send(accountDeletedMail(email))
      .catch((error: unknown) => console.error("Account deletion mail failed", error));
    (await cookies()).delete(sessionCookieName());
    redirect("/account-deleted");
  },
);
