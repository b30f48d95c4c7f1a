import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import type { RequestLogChoices } from "@/lib/portal/request-log";

/** The filters as they arrived (strings from the query string), to keep the form filled in. */
export interface RequestLogFilterValues {
  key?: string;
  status?: string;
  model?: string;
  endpoint?: string;
}

const STATUS_CHOICES = [
  ["2xx", "2xx success"],
  ["4xx", "4xx refused"],
  ["5xx", "5xx failed"],
  ["400", "400"],
  ["401", "401"],
  ["402", "402"],
  ["403", "403"],
  ["404", "404"],
  ["413", "413"],
  ["422", "422"],
  ["429", "429 rate limited"],
  ["500", "500"],
  ["502", "502"],
  ["503", "503"],
  ["504", "504"],
] as const;

const select = "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm";

/** A value the menu lacks (typed into the URL, or from before the window) stays selectable. */
function withCurrent(values: string[], current?: string): string[] {
  return current && !values.includes(current) ? [...values, current] : values;
}

function Menu({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value?: string;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <label className="flex min-w-0 flex-col gap-1 text-sm">
      <span className="text-zinc-700">{label}</span>
      <select name={name} defaultValue={value ?? ""} className={select}>
        <option value="">Any</option>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Key, status, model and endpoint: a plain GET form, so the URL says what is shown. */
export function RequestLogFilters({
  choices,
  values,
}: {
  choices: RequestLogChoices;
  values: RequestLogFilterValues;
}) {
  const statuses = STATUS_CHOICES.some(([code]) => code === values.status)
    ? STATUS_CHOICES
    : values.status
      ? [...STATUS_CHOICES, [values.status, values.status] as const]
      : STATUS_CHOICES;
  const keys = choices.keys.map((key) => [key.id, key.name] as const);
  if (values.key && !choices.keys.some((key) => key.id === values.key))
    keys.push([values.key, "Unknown key"]);
  return (
    <form
      method="get"
      aria-label="Filter requests"
      className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto]"
      data-testid="request-filters"
    >
      <Menu name="key" label="Key" value={values.key} options={keys} />
      <Menu name="status" label="Status" value={values.status} options={statuses} />
      <Menu
        name="model"
        label="Model"
        value={values.model}
        options={withCurrent(choices.models, values.model).map((model) => [model, model])}
      />
      <Menu
        name="endpoint"
        label="Endpoint"
        value={values.endpoint}
        options={withCurrent(choices.endpoints, values.endpoint).map((e) => [e, e])}
      />
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonStyles.primary}>
          Filter
        </button>
        <Link href="/dashboard/requests" className={buttonStyles.ghost}>
          Clear
        </Link>
      </div>
    </form>
  );
}
