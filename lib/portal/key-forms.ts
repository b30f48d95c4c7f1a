/** What the key forms and their server actions exchange (types only: safe for the browser). */

export interface CreateKeyState {
  errors: { label?: string; form?: string };
  /** The new key: in this one response only, never stored in clear. */
  created?: { id: string; key: string; label: string; display: string };
}

export interface RevokeKeyState {
  error?: string;
  revoked?: boolean;
}

export type CreateKeyAction = (
  previous: CreateKeyState,
  formData: FormData,
) => Promise<CreateKeyState>;
export type RevokeKeyAction = (
  previous: RevokeKeyState,
  formData: FormData,
) => Promise<RevokeKeyState>;
