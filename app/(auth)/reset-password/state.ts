/** What the reset-password form and its action exchange (types only: safe for the browser). */
export interface ResetState {
  errors: { password?: string; confirm?: string; form?: string };
}
