"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { setNewPassword } from "./actions";
import type { ResetState } from "./state";

const initial: ResetState = { errors: {} };

export function ResetForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(setNewPassword, initial);
  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      {state.errors.form && (
        <Alert testId="reset-error">
          {state.errors.form}{" "}
          <Link href="/forgot-password" className="font-medium underline">
            Ask again
          </Link>
        </Alert>
      )}
      <input type="hidden" name="token" value={token} />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={state.errors.password}
      />
      <Field
        name="confirm"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        error={state.errors.confirm}
      />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </button>
    </form>
  );
}
