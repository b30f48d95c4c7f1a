"use client";

import { useActionState } from "react";
import { saveEnterpriseTerms } from "@/app/admin/actions";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionState } from "@/lib/admin/action-state";
import { FormFeedback } from "./form-feedback";

export interface EnterpriseDefaults {
  limitRpm: number | null;
  limitRpd: number | null;
  limitTpd: number | null;
  limitMaxTokens: number | null;
  pricePkr: number | null;
}

const LIMITS = [
  ["limitRpm", "Requests per minute"],
  ["limitRpd", "Requests per day"],
  ["limitTpd", "Tokens per day"],
  ["limitMaxTokens", "Max tokens per request"],
] as const;

const initial: ActionState = {};
const text = (value: number | null) => (value === null ? "" : String(value));

/** Enterprise terms: each limit blank for unlimited, and the monthly price agreed in PKR. */
export function EnterpriseForm({
  accountId,
  defaults,
}: {
  accountId: string;
  defaults: EnterpriseDefaults;
}) {
  const [state, submit, pending] = useActionState(saveEnterpriseTerms, initial);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={submit} className="space-y-4" noValidate data-testid="enterprise-form">
      <input type="hidden" name="accountId" value={accountId} />
      <div className="grid gap-3 sm:grid-cols-2">
        {LIMITS.map(([name, label]) => (
          <Field
            key={name}
            name={name}
            label={label}
            inputMode="numeric"
            defaultValue={text(defaults[name])}
            placeholder="Unlimited"
            error={errors[name]}
            hint="Blank = unlimited"
          />
        ))}
      </div>
      <Field
        name="pricePkr"
        label="Price per month (PKR)"
        inputMode="decimal"
        defaultValue={text(defaults.pricePkr)}
        placeholder="e.g. 150000"
        error={errors.pricePkr}
      />
      <FormFeedback state={state} />
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        {pending ? "Saving…" : "Save Enterprise terms"}
      </button>
    </form>
  );
}
