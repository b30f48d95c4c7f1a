"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { createKey } from "@/app/admin/actions";
import { NewKeyReveal } from "@/components/dashboard/new-key-reveal";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionState } from "@/lib/admin/action-state";
import { FormFeedback } from "./form-feedback";

const initial: ActionState = {};

/**
 * Create a key for an account, shown once. With `accountId` the key is for that account; without,
 * the admin names an email (its account, or a new one on the chosen plan, as the key API does).
 */
export function AdminCreateKeyForm({ accountId }: { accountId?: string }) {
  const [state, submit, pending] = useActionState(createKey, initial);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const created = state.created && state.created.key !== dismissed ? state.created : null;
  const errors = state.fieldErrors ?? {};

  useEffect(() => {
    if (state.created) form.current?.reset();
  }, [state.created]);

  return (
    <div className="space-y-4">
      {created && (
        <div className="space-y-2">
          {created.createdAccount && (
            <p className="text-sm text-zinc-700" role="status">
              A new account was created for this email.{" "}
              <a href={`/admin/customers/${created.accountId}`} className="underline">
                Open it
              </a>
            </p>
          )}
          <NewKeyReveal
            label={created.label}
            secret={created.key}
            onDone={() => setDismissed(created.key)}
          />
        </div>
      )}
      <form
        ref={form}
        action={submit}
        className="grid gap-3 sm:grid-cols-4 sm:items-start"
        noValidate
      >
        {accountId ? (
          <input type="hidden" name="accountId" value={accountId} />
        ) : (
          <>
            <Field
              name="email"
              type="email"
              label="Account email"
              error={errors.email}
              autoComplete="off"
            />
            <label className="text-sm font-medium text-zinc-800">
              Plan if new
              <select
                name="plan"
                defaultValue="free"
                className="mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm"
              >
                <option value="free">Free</option>
                <option value="starter">Starter</option>
                <option value="pro">Pro</option>
                <option value="enterprise">Enterprise</option>
              </select>
            </label>
          </>
        )}
        <Field
          name="label"
          label="Key label"
          maxLength={64}
          error={errors.label}
          autoComplete="off"
        />
        <button type="submit" className={`${buttonStyles.primary} sm:mt-6`} disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      {!created && <FormFeedback state={state} />}
    </div>
  );
}
