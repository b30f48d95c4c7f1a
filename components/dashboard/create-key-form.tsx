"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { CreateKeyAction, CreateKeyState } from "@/lib/portal/key-forms";
import { NewKeyReveal } from "./new-key-reveal";

const initial: CreateKeyState = { errors: {} };

export function CreateKeyForm({ action }: { action: CreateKeyAction }) {
  const [state, submit, pending] = useActionState(action, initial);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const created = state.created && state.created.id !== dismissed ? state.created : null;

  useEffect(() => {
    if (state.created) form.current?.reset();
  }, [state.created]);

  return (
    <div className="space-y-4">
      {created && (
        <NewKeyReveal
          label={created.label}
          secret={created.key}
          onDone={() => setDismissed(created.id)}
        />
      )}
      {state.errors.form && <Alert>{state.errors.form}</Alert>}
      <form
        ref={form}
        action={submit}
        className="flex flex-col gap-3 sm:flex-row sm:items-start"
        noValidate
      >
        <Field
          name="label"
          label="Key name"
          placeholder="e.g. production-backend"
          maxLength={64}
          error={state.errors.label}
          className="flex-1"
          autoComplete="off"
        />
        <button type="submit" className={`${buttonStyles.primary} sm:mt-6`} disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
    </div>
  );
}
