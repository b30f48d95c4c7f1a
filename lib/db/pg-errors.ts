/** True when `error` is a server error with one of the SQLSTATE `codes`. */
export function isPgError(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && "code" in error && codes.includes(String(error.code));
}
