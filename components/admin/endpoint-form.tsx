"use client";

import { saveEndpointAction } from "@/app/admin/endpoints/actions";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Checkbox } from "./checkbox";
import { FormFeedback } from "./form-feedback";
import { useKeptForm } from "./use-kept-form";

const select = "mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm";

/** Publish a custom endpoint (or update one by its path). */
export function EndpointForm() {
  const { state, pending, onSubmit, formRef } = useKeptForm(saveEndpointAction);
  const errors = state.fieldErrors ?? {};
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      className="space-y-3"
      noValidate
      data-testid="endpoint-form"
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Field
          name="path"
          label="Path after /api/v1/x/"
          placeholder="sentiment"
          error={errors.path}
          autoComplete="off"
        />
        <label className="text-sm font-medium text-zinc-800">
          Method
          <select name="method" defaultValue="POST" className={select}>
            <option value="POST">POST</option>
            <option value="GET">GET</option>
          </select>
        </label>
        <Field
          name="targetUrl"
          label="Upstream URL"
          placeholder="https://models.example.com/sentiment"
          error={errors.targetUrl}
          autoComplete="off"
        />
        <Field
          name="credential"
          type="password"
          label="Credential (write-only)"
          hint="Sent as a Bearer token; blank keeps the stored one"
          autoComplete="new-password"
        />
        <Field
          name="timeoutMs"
          type="number"
          label="Timeout (ms)"
          defaultValue={30000}
          error={errors.timeoutMs}
        />
        <label className="text-sm font-medium text-zinc-800">
          Lowest plan
          <select name="minPlan" defaultValue="free" className={select}>
            <option value="free">Free</option>
            <option value="starter">Starter</option>
            <option value="pro">Pro</option>
            <option value="enterprise">Enterprise</option>
          </select>
        </label>
        <Field
          name="pricePerRequestPaisa"
          type="number"
          label="Price per request (paisa)"
          defaultValue={0}
          error={errors.pricePerRequestPaisa}
        />
        <Field
          name="inputPer1k"
          type="number"
          label="Input per 1K tokens (paisa)"
          hint="Used when the upstream reports usage"
          defaultValue={0}
          error={errors.inputPer1k}
        />
        <Field
          name="outputPer1k"
          type="number"
          label="Output per 1K tokens (paisa)"
          defaultValue={0}
          error={errors.outputPer1k}
        />
      </div>
      <div className="flex flex-wrap gap-4">
        <Checkbox name="enabled" label="Enabled" defaultChecked />
        <Checkbox name="allowPrivateHost" label="Allow a private / loopback host" />
        <Checkbox name="clearCredential" label="Clear the stored credential" />
      </div>
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        {pending ? "Publishing…" : "Publish endpoint"}
      </button>
      <FormFeedback state={state} />
    </form>
  );
}
