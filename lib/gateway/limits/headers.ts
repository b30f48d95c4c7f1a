import type { WindowState } from "./types";

/** OpenAI's duration format for x-ratelimit-reset-*: "12ms", "1s", "6m0s", "1h0m0s". */
export function openAiDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

function closest(windows: WindowState[]): WindowState | undefined {
  let best: WindowState | undefined;
  for (const window of windows) {
    if (!best || window.remaining / window.limit < best.remaining / best.limit) best = window;
  }
  return best;
}

/**
 * The rate-limit headers for a response: X-RateLimit-* for the window closest to exhaustion
 * (Reset in Unix seconds), and OpenAI's x-ratelimit-{limit,remaining,reset}-{requests,tokens}
 * (requests: whichever of the minute and day windows is closer to exhaustion). An account
 * without any limit gets "unlimited" and a Reset of 0.
 */
export function rateLimitHeaders(
  windows: WindowState[],
  now: number,
  into: Record<string, string>,
): void {
  const main = closest(windows);
  if (!main) {
    into["x-ratelimit-limit"] = "unlimited";
    into["x-ratelimit-remaining"] = "unlimited";
    into["x-ratelimit-reset"] = "0";
    return;
  }
  into["x-ratelimit-limit"] = String(main.limit);
  into["x-ratelimit-remaining"] = String(main.remaining);
  into["x-ratelimit-reset"] = String(Math.ceil(main.resetAt / 1000));
  const requests = closest(windows.filter((w) => w.kind !== "tokens-day"));
  if (requests) {
    into["x-ratelimit-limit-requests"] = String(requests.limit);
    into["x-ratelimit-remaining-requests"] = String(requests.remaining);
    into["x-ratelimit-reset-requests"] = openAiDuration(requests.resetAt - now);
  }
  const tokens = windows.find((w) => w.kind === "tokens-day");
  if (tokens) {
    into["x-ratelimit-limit-tokens"] = String(tokens.limit);
    into["x-ratelimit-remaining-tokens"] = String(tokens.remaining);
    into["x-ratelimit-reset-tokens"] = openAiDuration(tokens.resetAt - now);
  }
}
