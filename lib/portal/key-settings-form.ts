import type { KeySettingsInput } from "@/lib/keys/settings";
import type { KeySettingsFieldErrors } from "./key-forms";

const DAY_MS = 86_400_000;

export interface ParsedKeySettings {
  settings: KeySettingsInput;
  /** undefined: keep the current expiry. */
  expiresAt: Date | null | undefined;
}

function limit(form: FormData, name: string, errors: KeySettingsFieldErrors): number | null {
  const raw = String(form.get(name) ?? "")
    .trim()
    .replaceAll(",", "");
  if (raw === "") return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1_000_000_000) {
    errors[name as keyof KeySettingsFieldErrors] =
      "Enter a whole number above 0, or leave it empty.";
    return null;
  }
  return value;
}

/**
 * The key settings fields of a form (components/dashboard/key-settings-fields.tsx): checkboxes
 * repeat their name, so this reads the FormData itself. Returns the field errors it found.
 */
export function parseKeySettingsForm(
  form: FormData,
  now = Date.now(),
): { parsed: ParsedKeySettings; errors: KeySettingsFieldErrors } {
  const errors: KeySettingsFieldErrors = {};
  const strings = (name: string) =>
    form
      .getAll(name)
      .map((v) => String(v).trim())
      .filter(Boolean);
  const expires = String(form.get("expires") ?? "never");
  let expiresAt: Date | null | undefined;
  if (expires === "keep") expiresAt = undefined;
  else if (expires === "never") expiresAt = null;
  else if (/^\d{1,4}$/.test(expires) && Number(expires) > 0)
    expiresAt = new Date(now + Number(expires) * DAY_MS);
  else errors.expires = "Choose when the key expires.";
  const settings: KeySettingsInput = {
    allowedModels: strings("allowedModels"),
    allowedEndpoints: strings("allowedEndpoints"),
    readOnly: form.get("readOnly") === "on",
    limitRpm: limit(form, "limitRpm", errors),
    limitRpd: limit(form, "limitRpd", errors),
    limitTpd: limit(form, "limitTpd", errors),
    ipAllowlist: String(form.get("ipAllowlist") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean),
  };
  return { parsed: { settings, expiresAt }, errors };
}
