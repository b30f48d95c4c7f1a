"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { type SignUpState, signUp } from "./actions";

const initial: SignUpState = { errors: {}, values: { name: "", email: "" } };

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(signUp, initial);
  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      {state.errors.form && <Alert testId="signup-error">{state.errors.form}</Alert>}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        name="name"
        label="Name (optional)"
        autoComplete="name"
        defaultValue={state.values.name}
        error={state.errors.name}
      />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        defaultValue={state.values.email}
        error={state.errors.email}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={state.errors.password}
      />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
