/** What the password form and its action exchange (types only: safe for the browser). */
export interface PasswordState {
  errors: { current?: string; next?: string; confirm?: string; form?: string };
  changed?: boolean;
}
