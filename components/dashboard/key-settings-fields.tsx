import { Field } from "@/components/ui/field";
import {
  EXPIRY_CHOICES,
  type KeySettingsFieldErrors,
  type KeySettingsValues,
} from "@/lib/portal/key-forms";

/** What the fields offer: the plan's models and limits (a key's own may only be lower). */
export interface KeySettingsChoices {
  models: string[];
  endpoints: readonly { name: string; label: string }[];
  planLimits: { rpm: number | null; rpd: number | null; tpd: number | null };
}

function planHint(value: number | null): string {
  return value === null
    ? "Empty: the plan's (no limit)."
    : `Empty: the plan's ${value.toLocaleString("en-US")}.`;
}

function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-600">
      {error}
    </p>
  );
}

/**
 * A key's expiry, scopes, own limits and IP allowlist, as form fields (create and edit share
 * them; lib/portal/key-settings-form.ts reads them back). Checkbox groups are fieldsets.
 */
export function KeySettingsFields({
  choices,
  values,
  errors,
  editing = false,
}: {
  choices: KeySettingsChoices;
  values: KeySettingsValues;
  errors: KeySettingsFieldErrors;
  editing?: boolean;
}) {
  const prefix = editing ? "edit" : "new";
  const checkbox = "h-4 w-4 rounded border-zinc-400";
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <div>
        <label htmlFor={`${prefix}-expires`} className="block text-sm font-medium text-zinc-800">
          Expires
        </label>
        <select
          id={`${prefix}-expires`}
          name="expires"
          defaultValue={editing ? "keep" : "never"}
          aria-describedby={errors.expires ? `${prefix}-expires-error` : undefined}
          className="mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm"
        >
          {editing && <option value="keep">Keep the current expiry</option>}
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        <FieldError id={`${prefix}-expires-error`} error={errors.expires} />
      </div>
      <div className="flex items-start gap-2 sm:pt-7">
        <input
          id={`${prefix}-readOnly`}
          name="readOnly"
          type="checkbox"
          defaultChecked={values.readOnly}
          className={`${checkbox} mt-0.5`}
        />
        <label htmlFor={`${prefix}-readOnly`} className="text-sm text-zinc-800">
          <span className="font-medium">Read-only usage key</span>
          <span className="block text-xs text-zinc-600">
            May only read usage and the model list; no calls that cost anything.
          </span>
        </label>
      </div>
      <fieldset className="min-w-0" aria-describedby={`${prefix}-models-hint`}>
        <legend className="text-sm font-medium text-zinc-800">Allowed models</legend>
        <p id={`${prefix}-models-hint`} className="text-xs text-zinc-600">
          None ticked: every model your plan includes.
        </p>
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
          {choices.models.map((model) => (
            <label key={model} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="allowedModels"
                value={model}
                defaultChecked={values.allowedModels.includes(model)}
                className={checkbox}
              />
              <span className="break-all font-mono text-xs">{model}</span>
            </label>
          ))}
        </div>
        <FieldError id={`${prefix}-models-error`} error={errors.allowedModels} />
      </fieldset>
      <fieldset className="min-w-0" aria-describedby={`${prefix}-endpoints-hint`}>
        <legend className="text-sm font-medium text-zinc-800">Allowed endpoints</legend>
        <p id={`${prefix}-endpoints-hint`} className="text-xs text-zinc-600">
          None ticked: every endpoint.
        </p>
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
          {choices.endpoints.map((endpoint) => (
            <label key={endpoint.name} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="allowedEndpoints"
                value={endpoint.name}
                defaultChecked={values.allowedEndpoints.includes(endpoint.name)}
                className={checkbox}
              />
              {endpoint.label}
            </label>
          ))}
        </div>
        <FieldError id={`${prefix}-endpoints-error`} error={errors.allowedEndpoints} />
      </fieldset>
      <div className="grid gap-3 sm:col-span-2 sm:grid-cols-3">
        <Field
          name="limitRpm"
          label="Requests per minute"
          inputMode="numeric"
          defaultValue={values.limitRpm ?? ""}
          hint={planHint(choices.planLimits.rpm)}
          error={errors.limitRpm}
        />
        <Field
          name="limitRpd"
          label="Requests per day"
          inputMode="numeric"
          defaultValue={values.limitRpd ?? ""}
          hint={planHint(choices.planLimits.rpd)}
          error={errors.limitRpd}
        />
        <Field
          name="limitTpd"
          label="Tokens per day"
          inputMode="numeric"
          defaultValue={values.limitTpd ?? ""}
          hint={planHint(choices.planLimits.tpd)}
          error={errors.limitTpd}
        />
      </div>
      <div className="sm:col-span-2">
        <label
          htmlFor={`${prefix}-ipAllowlist`}
          className="block text-sm font-medium text-zinc-800"
        >
          IP allowlist
        </label>
        <textarea
          id={`${prefix}-ipAllowlist`}
          name="ipAllowlist"
          rows={3}
          defaultValue={values.ipAllowlist.join("\n")}
          placeholder={"203.0.113.0/24\n2001:db8::/32"}
          aria-invalid={errors.ipAllowlist ? true : undefined}
          aria-describedby={
            errors.ipAllowlist ? `${prefix}-ipAllowlist-error` : `${prefix}-ipAllowlist-hint`
          }
          className="mt-1 block w-full rounded-lg border border-zinc-300 px-3 py-2 font-mono text-sm"
        />
        {errors.ipAllowlist ? (
          <FieldError id={`${prefix}-ipAllowlist-error`} error={errors.ipAllowlist} />
        ) : (
          <p id={`${prefix}-ipAllowlist-hint`} className="mt-1 text-xs text-zinc-600">
            Addresses or CIDR ranges (IPv4 or IPv6), one per line. Empty: from anywhere.
          </p>
        )}
      </div>
    </div>
  );
}
