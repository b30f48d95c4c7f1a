"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { requestReset } from "./actions";
import type { ForgotState } from "./state";

const initial: ForgotState = { errors: {} };

export function ForgotForm() {
  const [state, action, pending] = useActionState(requestReset, initial);
  if (state.sent) {
    return (
      <div className="mt-6">
        <Alert tone="success" testId="reset-requested">
          If an account uses that address, we sent it a link to choose a new password. The link
          works once, for one hour.
        </Alert>
      </div>
    );
  }
  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      {state.errors.form && <Alert>{state.errors.form}</Alert>}
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        error={state.errors.email}
      />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </button>
    </form>
  );
}
