"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { removeAccount } from "./actions";
import type { DeleteState } from "./password-state";

const initial: DeleteState = { errors: {} };

export function DeleteForm({ email, needsPassword }: { email: string; needsPassword: boolean }) {
  const [state, action, pending] = useActionState(removeAccount, initial);
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <p className="text-sm text-zinc-700">
        Deleting the account revokes all its API keys at once, cancels its subscription and removes
        your name, email and password. Invoices and billing records are kept, as the law requires.
        This cannot be undone.
      </p>
      {state.errors.form && <Alert>{state.errors.form}</Alert>}
      <Field
        name="deleteConfirm"
        label={`Type ${email} to confirm`}
        autoComplete="off"
        error={state.errors.confirm}
      />
      {needsPassword && (
        <Field
          name="deletePassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={state.errors.password}
        />
      )}
      <button type="submit" className={buttonStyles.danger} disabled={pending}>
        {pending ? "Deleting…" : "Delete account"}
      </button>
    </form>
  );
}
