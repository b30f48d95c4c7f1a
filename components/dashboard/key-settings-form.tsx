"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import type { KeySettingsValues, UpdateKeyAction, UpdateKeyState } from "@/lib/portal/key-forms";
import { type KeySettingsChoices, KeySettingsFields } from "./key-settings-fields";

const initial: UpdateKeyState = { errors: {} };

/** Edit a key's expiry, scopes, own limits and IP allowlist; the gateway applies them at once. */
export function KeySettingsForm({
  id,
  action,
  choices,
  values,
}: {
  id: string;
  action: UpdateKeyAction;
  choices: KeySettingsChoices;
  values: KeySettingsValues;
}) {
  const [state, submit, pending] = useActionState(action, initial);
  const { form: formError, ...errors } = state.errors;
  return (
    <form action={submit} className="space-y-4" noValidate>
      <input type="hidden" name="id" value={id} />
      {formError && <Alert>{formError}</Alert>}
      {state.saved && Object.keys(errors).length === 0 && (
        <Alert tone="success" testId="key-settings-saved">
          Saved. The key works with these settings from its next call.
        </Alert>
      )}
      <KeySettingsFields choices={choices} values={values} errors={errors} editing />
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        {pending ? "Saving…" : "Save restrictions"}
      </button>
    </form>
  );
}
