"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { updatePassword } from "./actions";
import type { PasswordState } from "./password-state";

const initial: PasswordState = { errors: {} };

export function PasswordForm() {
  const [state, action, pending] = useActionState(updatePassword, initial);
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      {state.errors.form && <Alert>{state.errors.form}</Alert>}
      {state.changed && (
        <Alert tone="success" testId="password-changed">
          Password changed. Other browsers signed in to this account have been signed out.
        </Alert>
      )}
      <Field
        name="current"
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={state.errors.current}
      />
      <Field
        name="next"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={state.errors.next}
      />
      <Field
        name="confirm"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        error={state.errors.confirm}
      />
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
