"use client";

import { saveInfraCostAction } from "@/app/admin/plans/actions";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormFeedback } from "./form-feedback";
import { useKeptForm } from "./use-kept-form";

/** The margin's figures, already rounded for display on the server (money stays integer there). */
export interface MarginFigures {
  revenue: string;
  upstream: string;
  infra: string;
  margin: string;
  negative: boolean;
  /** The monthly infrastructure cost in PKR, for the form. */
  infraMonthlyPkr: number;
}

/** Revenue − upstream cost − infrastructure cost for the range, and the monthly infrastructure cost. */
export function BusinessMarginCard({ margin }: { margin: MarginFigures }) {
  const { state, pending, onSubmit, formRef } = useKeptForm(saveInfraCostAction);
  const rows = [
    ["Revenue", margin.revenue, "margin-revenue"],
    ["− Upstream cost (price book)", margin.upstream, "margin-upstream"],
    ["− Infrastructure", margin.infra, "margin-infra"],
  ] as const;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <dl className="space-y-1 text-sm" data-testid="business-margin">
        {rows.map(([label, value, testId]) => (
          <div key={label} className="flex justify-between gap-4">
            <dt className="text-zinc-600">{label}</dt>
            <dd className="tabular-nums" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
        <div className="flex justify-between gap-4 border-t border-zinc-200 pt-1 font-semibold">
          <dt>Margin</dt>
          <dd
            className={`tabular-nums ${margin.negative ? "text-red-700" : "text-emerald-700"}`}
            data-testid="margin-total"
          >
            {margin.margin}
          </dd>
        </div>
      </dl>
      <form ref={formRef} onSubmit={onSubmit} className="space-y-2" noValidate>
        <Field
          name="infraPkr"
          label="Infrastructure cost per month (PKR)"
          hint="Servers, GPUs, bandwidth: what running the service costs you"
          defaultValue={margin.infraMonthlyPkr}
          error={state.fieldErrors?.infraPkr}
        />
        <button type="submit" className={buttonStyles.secondary} disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
        <FormFeedback state={state} />
      </form>
    </div>
  );
}
