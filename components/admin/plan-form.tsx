"use client";

import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { AdminFormAction } from "@/lib/admin/action-state";
import type { PlanTerms } from "@/lib/plans/plans";
import { Checkbox } from "./checkbox";
import { FormFeedback } from "./form-feedback";
import { useKeptForm } from "./use-kept-form";

const blank = (value: number | null | undefined) => (value == null ? "" : String(value));

/**
 * Create a plan, or edit one (its terms are saved as a new version). Blank limits are unlimited;
 * a blank price means agreed per customer; blank models means every model the rank reaches.
 */
export function PlanForm({ action, plan }: { action: AdminFormAction; plan?: PlanTerms }) {
  const { state, pending, onSubmit, formRef } = useKeptForm(action);
  const errors = state.fieldErrors ?? {};
  const editing = plan !== undefined;
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      className="space-y-3"
      noValidate
      data-testid={editing ? "plan-edit-form" : "plan-create-form"}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        {editing ? (
          <input type="hidden" name="id" value={plan.id} />
        ) : (
          <Field name="id" label="Id (slug)" placeholder="starter-8000" error={errors.id} />
        )}
        <Field name="name" label="Name" defaultValue={plan?.name} error={errors.name} />
        <Field
          name="rank"
          type="number"
          label="Rank"
          hint="Free 0 · Starter 1 · Pro 2 · Enterprise 3: models open from a rank up"
          defaultValue={plan?.rank ?? 1}
          error={errors.rank}
        />
        <Field
          name="pricePkr"
          label="Monthly price (PKR)"
          hint="Blank: agreed per customer"
          defaultValue={plan?.monthlyPricePaisa == null ? "" : plan.monthlyPricePaisa / 100}
          error={errors.pricePkr}
        />
        <Field
          name="limitRpm"
          label="Requests / minute"
          hint="Blank: unlimited"
          defaultValue={blank(plan?.limits.requestsPerMinute)}
          error={errors.limitRpm}
        />
        <Field
          name="limitRpd"
          label="Requests / day"
          hint="Blank: unlimited"
          defaultValue={blank(plan?.limits.requestsPerDay)}
          error={errors.limitRpd}
        />
        <Field
          name="limitTpd"
          label="Tokens / day"
          hint="Blank: unlimited"
          defaultValue={blank(plan?.limits.tokensPerDay)}
          error={errors.limitTpd}
        />
        <Field
          name="limitMaxTokens"
          label="Max tokens / request"
          hint="Blank: unlimited"
          defaultValue={blank(plan?.limits.maxTokensPerRequest)}
          error={errors.limitMaxTokens}
        />
        <Field name="support" label="Support" defaultValue={plan?.support} error={errors.support} />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm font-medium text-zinc-800">
          Features (one per line)
          <textarea
            name="features"
            rows={3}
            defaultValue={plan?.features.join("\n")}
            className="mt-1 block w-full rounded-lg border border-zinc-300 px-3 py-2 text-sm"
          />
          {errors.features && (
            <span className="mt-1 block text-sm text-red-600">{errors.features}</span>
          )}
        </label>
        <label className="block text-sm font-medium text-zinc-800">
          Models (ids, comma or line separated; blank: all its rank reaches)
          <textarea
            name="models"
            rows={3}
            defaultValue={plan?.models?.join("\n") ?? ""}
            className="mt-1 block w-full rounded-lg border border-zinc-300 px-3 py-2 font-mono text-xs"
          />
          {errors.models && (
            <span className="mt-1 block text-sm text-red-600">{errors.models}</span>
          )}
        </label>
      </div>
      <div className="flex flex-wrap gap-4">
        <Checkbox
          name="selfServe"
          label="Sold online (Stripe Checkout)"
          defaultChecked={plan?.selfServe ?? true}
        />
        <Checkbox
          name="overageAllowed"
          label="Overage allowed past the daily allowance"
          defaultChecked={plan?.overageAllowed ?? false}
        />
      </div>
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        {pending ? "Saving…" : editing ? "Save as a new version" : "Create plan"}
      </button>
      <FormFeedback state={state} />
    </form>
  );
}
