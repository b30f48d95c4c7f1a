/**
 * The error code next-auth passes back to the sign-in form when sign-ins are throttled (the auth
 * route turns it into a 429). Its own module so the browser bundle can import it.
 */
export const THROTTLED_ERROR = "TooManyAttempts";
