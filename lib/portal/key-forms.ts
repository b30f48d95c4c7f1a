/** What the key forms and their server actions exchange (types only: safe for the browser). */

/** The restriction fields' errors (scopes, limits, allowlist, expiry). */
export interface KeySettingsFieldErrors {
  expires?: string;
  allowedModels?: string;
  allowedEndpoints?: string;
  readOnly?: string;
  limitRpm?: string;
  limitRpd?: string;
  limitTpd?: string;
  ipAllowlist?: string;
}

export interface CreateKeyState {
  errors: { label?: string; form?: string } & KeySettingsFieldErrors;
  /** The new key: in this one response only, never stored in clear. */
  created?: { id: string; key: string; label: string; display: string };
}

export interface RevokeKeyState {
  error?: string;
  revoked?: boolean;
}

export interface RollKeyState {
  error?: string;
  /** The new secret: in this one response only. */
  rolled?: { id: string; key: string; label: string; previousExpiresAt: string | null };
}

export interface UpdateKeyState {
  errors: { form?: string } & KeySettingsFieldErrors;
  saved?: number;
}

export interface EndOverlapState {
  error?: string;
  ended?: boolean;
}

type FormAction<State> = (previous: State, formData: FormData) => Promise<State>;
export type CreateKeyAction = FormAction<CreateKeyState>;
export type RevokeKeyAction = FormAction<RevokeKeyState>;
export type RollKeyAction = FormAction<RollKeyState>;
export type UpdateKeyAction = FormAction<UpdateKeyState>;
export type EndOverlapAction = FormAction<EndOverlapState>;

/** What the settings fields start from (a new key: nothing restricted). */
export interface KeySettingsValues {
  allowedModels: string[];
  allowedEndpoints: string[];
  readOnly: boolean;
  limitRpm: number | null;
  limitRpd: number | null;
  limitTpd: number | null;
  ipAllowlist: string[];
}

/** Expiry choices: days from now, "never", or (when editing) "keep" the current one. */
export const EXPIRY_CHOICES = [
  { value: "never", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 1 year" },
] as const;
