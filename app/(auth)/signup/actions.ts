"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import { isConfiguredAdmin } from "@/lib/auth/admin-emails";
import { safeReturnPath } from "@/lib/auth/origin";
import { hashPassword } from "@/lib/auth/password";
import { startSession } from "@/lib/auth/session";
import { signUpWaitMessage, takeSignUpSlot } from "@/lib/auth/signup-throttle";
import { clientIp } from "@/lib/auth/throttle";

const signUpSchema = z.object({
  name: z.string().trim().max(100, "Use at most 100 characters"),
  email: z.email("Enter a valid email address").max(320, "That email is too long"),
  password: z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters"),
});

type Field = keyof z.infer<typeof signUpSchema>;

export interface SignUpState {
  errors: Partial<Record<Field | "form", string>>;
  /** What the person typed (never the password), so a failed submit does not clear the form. */
  values: { name: string; email: string };
}

/** Creates the user and their Free account, signs them in and lands them on the dashboard. */
export async function signUp(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const raw = {
    name: String(formData.get("name") ?? ""),
    email: String(formData.get("email") ?? "").trim(),
    password: String(formData.get("password") ?? ""),
  };
  const values = { name: raw.name, email: raw.email };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    return {
      values,
      errors: { name: fields.name?.[0], email: fields.email?.[0], password: fields.password?.[0] },
    };
  }
  const { name, email, password } = parsed.data;
  const waitSeconds = await takeSignUpSlot(clientIp(await headers()));
  if (waitSeconds > 0) return { values, errors: { form: signUpWaitMessage(waitSeconds) } };
  const created = await createUserWithAccount({
    email,
    name: name || null,
    passwordHash: await hashPassword(password),
    role: isConfiguredAdmin(email) ? "admin" : "customer",
    plan: "free",
  });
  if (!created) {
    return {
      values,
      errors: { email: "An account with this email already exists. Sign in instead." },
    };
  }
  await startSession(created.user);
  redirect(safeReturnPath(String(formData.get("callbackUrl") ?? "")));
}
