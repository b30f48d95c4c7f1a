/** Retries stop once the next one would fall past this long after the event (Standard Webhooks' practice). */
export const GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60_000;

/** The longest wait between two attempts. */
const MAX_DELAY_MS = 12 * 60 * 60_000;

/**
 * Exponential backoff: `baseMs` after the first failure, four times longer after each next one
 * (5 s, 20 s, 80 s, 5 min, … 12 h with the default base), about 12 attempts in 3 days.
 */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_DELAY_MS, baseMs * 4 ** Math.max(0, attempts - 1));
}

/** When to try again after `attempts` failures, or null: give up. */
export function nextAttemptAt(
  attempts: number,
  createdAt: Date,
  now: Date,
  baseMs: number,
): Date | null {
  const next = new Date(now.getTime() + retryDelayMs(attempts, baseMs));
  return next.getTime() - createdAt.getTime() > GIVE_UP_AFTER_MS ? null : next;
}
