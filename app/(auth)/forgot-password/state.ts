/** What the forgot-password form and its action exchange (types only: safe for the browser). */
export interface ForgotState {
  errors: { email?: string; form?: string };
  sent?: boolean;
}
