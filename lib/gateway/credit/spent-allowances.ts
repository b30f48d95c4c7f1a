import type { WindowState } from "../limits/types";

interface Spent {
  requestsPerDay: number;
  dayEndMs: number;
  windows: WindowState[];
}

/**
 * Accounts whose requests per day are spent, until that day ends. Requests per day only grow
 * within a day, so a paid call from such an account skips the allowance check it would fail
 * anyway (one Redis round trip fewer on every call past the allowance). Keyed with the limit, so
 * a plan change mid-day is seen at once.
 */
export class SpentAllowances {
  private readonly spent = new Map<string, Spent>();

  /** The windows of the refusal remembered, or null when the allowance must be checked. */
  get(accountId: string, requestsPerDay: number | null, now: number): WindowState[] | null {
    const found = this.spent.get(accountId);
    if (!found) return null;
    if (found.dayEndMs > now && found.requestsPerDay === requestsPerDay) return found.windows;
    this.spent.delete(accountId);
    return null;
  }

  remember(accountId: string, requestsPerDay: number, dayEndMs: number, windows: WindowState[]) {
    this.spent.set(accountId, { requestsPerDay, dayEndMs, windows });
  }
}
