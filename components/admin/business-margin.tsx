"use client";

import { saveInfraCostAction } from "@/app/admin/plans/actions";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { BusinessMargin } from "@/lib/admin/plans/margin";
import { formatPkr } from "@/lib/plans/money";
import { FormFeedback } from "./form-feedback";
import { useKeptForm } from "./use-kept-form";

/** Revenue − upstream cost − infrastructure cost this month, and the monthly infrastructure cost. */
export function BusinessMarginCard({ margin }: { margin: BusinessMargin }) {
  const { state, pending, onSubmit, formRef } = useKeptForm(saveInfraCostAction);
  const rows = [
    ["Revenue", margin.revenuePaisa, "margin-revenue"],
    ["− Upstream cost", margin.upstreamCostPaisa, "margin-upstream"],
    ["− Infrastructure", margin.infraCostPaisa, "margin-infra"],
  ] as const;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <dl className="space-y-1 text-sm" data-testid="business-margin">
        {rows.map(([label, value, testId]) => (
          <div key={label} className="flex justify-between gap-4">
            <dt className="text-zinc-600">{label}</dt>
            <dd className="tabular-nums" data-testid={testId}>
              {formatPkr(value)}
            </dd>
          </div>
        ))}
        <div className="flex justify-between gap-4 border-t border-zinc-200 pt-1 font-semibold">
          <dt>Margin</dt>
          <dd
            className={`tabular-nums ${margin.marginPaisa < 0 ? "text-red-700" : "text-emerald-700"}`}
            data-testid="margin-total"
          >
            {formatPkr(margin.marginPaisa)}
          </dd>
        </div>
      </dl>
      <form ref={formRef} onSubmit={onSubmit} className="space-y-2" noValidate>
        <Field
          name="infraPkr"
          label="Infrastructure cost per month (PKR)"
          hint="Servers, GPUs, bandwidth: what running the service costs you"
          defaultValue={margin.infraCostPaisa / 100}
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
