"use client";

import { addPriceVersionAction } from "@/app/admin/prices/actions";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormFeedback } from "./form-feedback";
import { useKeptForm } from "./use-kept-form";

/** Current amounts (PKR text) the form starts from, by field name. */
export type PriceDefaults = Record<string, string>;

const SELL: [name: string, label: string, hint?: string][] = [
  ["inputPer1M", "Input, per 1M tokens", "Whole rupees"],
  ["cachedInputPer1M", "Cached input, per 1M tokens", "Prompt-cache hits; whole rupees"],
  ["outputPer1M", "Output, per 1M tokens", "Whole rupees"],
  ["perImage", "Per image", 'e.g. "2" or "default: 2, 1024x1024: 4.5"'],
  ["perAudioSecond", "Per audio second", "Transcription"],
  ["per1kChars", "Per 1K characters", "Speech"],
  ["perRequest", "Per request", "Custom endpoints"],
  ["perCacheHit", "Per response-cache hit"],
];

const UPSTREAM: [name: string, label: string][] = [
  ["upstreamInputPer1M", "Input, per 1M tokens"],
  ["upstreamCachedInputPer1M", "Cached input, per 1M tokens"],
  ["upstreamOutputPer1M", "Output, per 1M tokens"],
  ["upstreamPerImage", "Per image"],
  ["upstreamPerAudioSecond", "Per audio second"],
  ["upstreamPer1kChars", "Per 1K characters"],
  ["upstreamPerRequest", "Per request"],
];

/** A new version of one model's prices (PKR), now or from a chosen time. */
export function PriceForm({
  model,
  defaults,
  timeZone,
}: {
  model: string;
  defaults: PriceDefaults;
  timeZone: string;
}) {
  const { state, pending, onSubmit, formRef } = useKeptForm(addPriceVersionAction);
  const errors = state.fieldErrors ?? {};
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      className="space-y-4"
      noValidate
      data-testid="price-form"
      key={model}
    >
      <Field
        name="model"
        label="Model"
        defaultValue={model}
        error={errors.model}
        autoComplete="off"
      />
      <fieldset>
        <legend className="text-sm font-semibold text-zinc-900">What customers pay (PKR)</legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-4">
          {SELL.map(([name, label, hint]) => (
            <Field
              key={name}
              name={name}
              label={label}
              hint={hint}
              defaultValue={defaults[name] ?? "0"}
              error={errors[name]}
              inputMode="decimal"
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className="text-sm font-semibold text-zinc-900">
          What the upstream costs you (PKR, for margin)
        </legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-4">
          {UPSTREAM.map(([name, label]) => (
            <Field
              key={name}
              name={name}
              label={label}
              defaultValue={defaults[name] ?? "0"}
              error={errors[name]}
              inputMode="decimal"
            />
          ))}
        </div>
      </fieldset>
      <Field
        name="effectiveFrom"
        type="datetime-local"
        label={`In force from (${timeZone})`}
        hint="Blank: now. Calls that started earlier keep the price they started under."
        error={errors.effectiveFrom}
        className="max-w-xs"
      />
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        {pending ? "Saving…" : "Add this version"}
      </button>
      <FormFeedback state={state} />
    </form>
  );
}
