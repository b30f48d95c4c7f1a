/** What the account forms and their actions exchange (types only: safe for the browser). */
export interface PasswordState {
  errors: { current?: string; next?: string; confirm?: string; form?: string };
  changed?: boolean;
}

export interface ResendState {
  message?: string;
}

export interface EmailState {
  errors: { email?: string; password?: string; form?: string };
  /** The address the confirmation link went to. */
  sentTo?: string;
}

export interface DeleteState {
  errors: { password?: string; confirm?: string; form?: string };
}
