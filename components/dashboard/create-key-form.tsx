"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { CreateKeyAction, CreateKeyState } from "@/lib/portal/key-forms";
import { type KeySettingsChoices, KeySettingsFields } from "./key-settings-fields";
import { NewKeyReveal } from "./new-key-reveal";

const initial: CreateKeyState = { errors: {} };

const NOTHING = {
  allowedModels: [],
  allowedEndpoints: [],
  readOnly: false,
  limitRpm: null,
  limitRpd: null,
  limitTpd: null,
  ipAllowlist: [],
};

export function CreateKeyForm({
  action,
  choices,
}: {
  action: CreateKeyAction;
  choices: KeySettingsChoices;
}) {
  const [state, submit, pending] = useActionState(action, initial);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const created = state.created && state.created.id !== dismissed ? state.created : null;
  const { label, form: formError, ...settingsErrors } = state.errors;
  const settingsInvalid = Object.keys(settingsErrors).length > 0;

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
      {formError && <Alert>{formError}</Alert>}
      <form ref={form} action={submit} className="space-y-3" noValidate>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
          <Field
            name="label"
            label="Key name"
            placeholder="e.g. production-backend"
            maxLength={64}
            error={label}
            className="flex-1"
            autoComplete="off"
          />
          <button type="submit" className={`${buttonStyles.primary} sm:mt-6`} disabled={pending}>
            {pending ? "Creating…" : "Create key"}
          </button>
        </div>
        <details className="rounded-lg border border-zinc-200 p-3" open={settingsInvalid}>
          <summary className="cursor-pointer text-sm font-medium text-zinc-800">
            Expiry and restrictions (optional)
          </summary>
          <div className="mt-4">
            <KeySettingsFields choices={choices} values={NOTHING} errors={settingsErrors} />
          </div>
        </details>
      </form>
    </div>
  );
}
