"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { changeEmail } from "./actions";
import type { EmailState } from "./password-state";

const initial: EmailState = { errors: {} };

export function EmailForm({ current, needsPassword }: { current: string; needsPassword: boolean }) {
  const [state, action, pending] = useActionState(changeEmail, initial);
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <p className="text-sm text-zinc-600">
        Now: <span className="break-all font-medium text-zinc-900">{current}</span>
      </p>
      {state.errors.form && <Alert>{state.errors.form}</Alert>}
      {state.sentTo && (
        <Alert tone="success" testId="email-change-sent">
          We sent a link to {state.sentTo}. Your email changes once you open it; until then you keep
          signing in with {current}.
        </Alert>
      )}
      <Field
        name="newEmail"
        label="New email"
        type="email"
        autoComplete="email"
        error={state.errors.email}
      />
      {needsPassword && (
        <Field
          name="emailPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={state.errors.password}
        />
      )}
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        {pending ? "Sending…" : "Change email"}
      </button>
    </form>
  );
}
