"use client";

import { saveUpstreamAction } from "@/app/admin/upstreams/actions";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Checkbox } from "./checkbox";
import { FormFeedback } from "./form-feedback";
import { useKeptForm } from "./use-kept-form";

const EXAMPLE = `[
  { "id": "chat-fast", "upstreamModel": "llama3.1:8b", "minPlan": "free",
    "price": { "inputPer1k": 5, "outputPer1k": 15 } }
]`;

/**
 * Add an upstream, or update one by its name. The credential field is write-only: leave it blank
 * to keep the stored one (it is never shown back).
 */
export function UpstreamForm() {
  const { state, pending, onSubmit, formRef } = useKeptForm(saveUpstreamAction);
  const errors = state.fieldErrors ?? {};
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      className="space-y-3"
      noValidate
      data-testid="upstream-form"
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Field name="name" label="Name (id)" error={errors.name} autoComplete="off" />
        <label className="text-sm font-medium text-zinc-800">
          Kind
          <select
            name="kind"
            defaultValue="llm"
            className="mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm"
          >
            <option value="llm">LLM (chat)</option>
            <option value="image">Image</option>
            <option value="voice">Voice</option>
          </select>
        </label>
        <Field
          name="baseUrl"
          label="Base URL"
          placeholder="https://api.example.com/v1"
          error={errors.baseUrl}
          autoComplete="off"
        />
        <Field
          name="credential"
          type="password"
          label="Credential (write-only)"
          hint="Blank keeps the stored one"
          error={errors.credential}
          autoComplete="new-password"
        />
        <Field name="weight" type="number" label="Weight" defaultValue={1} error={errors.weight} />
        <Field
          name="timeoutMs"
          type="number"
          label="Timeout (ms)"
          defaultValue={30000}
          error={errors.timeoutMs}
        />
      </div>
      <label className="block text-sm font-medium text-zinc-800">
        Models (JSON: public id → upstreamModel, type — chat, embedding, image, speech or
        transcription —, plan, price in paisa)
        <textarea
          name="models"
          rows={4}
          defaultValue={EXAMPLE}
          className="mt-1 block w-full rounded-lg border border-zinc-300 px-3 py-2 font-mono text-xs"
        />
        {errors.models && <span className="mt-1 block text-sm text-red-600">{errors.models}</span>}
      </label>
      <div className="flex flex-wrap gap-4">
        <Checkbox name="enabled" label="Enabled" defaultChecked />
        <Checkbox name="allowPrivateHost" label="Allow a private / loopback host" />
        <Checkbox name="clearCredential" label="Clear the stored credential" />
      </div>
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        {pending ? "Saving…" : "Save upstream"}
      </button>
      <FormFeedback state={state} />
    </form>
  );
}
