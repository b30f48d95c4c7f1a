import { THROTTLED_ERROR } from "@/lib/auth/errors";

/** next-auth error codes → what the person at the form should read. */
export function signInMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  switch (code) {
    case "CredentialsSignin":
      // One message for an unknown email and a wrong password: no hint which emails exist.
      return "Wrong email or password.";
    case THROTTLED_ERROR:
      return "Too many failed sign-ins. Wait a few minutes and try again.";
    case "AccessDenied":
    case "OAuthAccountNotLinked":
      return "That sign-in was refused. Use an account with a verified email address.";
    case "SessionRequired":
      return null;
    default:
      return "Sign-in failed. Please try again.";
  }
}
