import { describe, expect, it } from "vitest";
import { calendarDay, monthStart, today } from "./calendar";
import { openAiDuration, rateLimitHeaders } from "./headers";

describe("calendar days in the business time zone", () => {
  it("puts Karachi's midnight at 19:00 UTC", () => {
    const before = calendarDay(Date.parse("2026-11-27T18:59:59.999Z"), "Asia/Karachi");
    const after = calendarDay(Date.parse("2026-11-27T19:00:00.000Z"), "Asia/Karachi");
    expect(before.day).toBe("2026-11-27");
    expect(after.day).toBe("2026-11-28");
    expect(new Date(after.startMs).toISOString()).toBe("2026-11-27T19:00:00.000Z");
    expect(new Date(after.endMs).toISOString()).toBe("2026-11-28T19:00:00.000Z");
  });

  it("handles daylight saving days (23 and 25 hours)", () => {
    const spring = calendarDay(Date.parse("2026-03-08T12:00:00Z"), "America/New_York");
    expect(spring.endMs - spring.startMs).toBe(23 * 3600_000);
    const autumn = calendarDay(Date.parse("2026-11-01T12:00:00Z"), "America/New_York");
    expect(autumn.endMs - autumn.startMs).toBe(25 * 3600_000);
  });

  it("caches today until it ends, and knows the month's first day", () => {
    const now = Date.parse("2026-11-27T10:00:00Z");
    expect(today(now, "Asia/Karachi")).toBe(today(now + 1000, "Asia/Karachi"));
    expect(today(now + 12 * 3600_000, "Asia/Karachi").day).toBe("2026-11-28");
    expect(monthStart(Date.parse("2026-11-30T19:30:00Z"), "Asia/Karachi")).toBe("2026-12-01");
  });
});

describe("rate-limit headers", () => {
  it("formats resets like OpenAI", () => {
    expect(openAiDuration(20)).toBe("20ms");
    expect(openAiDuration(1000)).toBe("1s");
    expect(openAiDuration(360_000)).toBe("6m0s");
    expect(openAiDuration(3_600_000 + 1500)).toBe("1h0m2s");
  });

  it("reports the window closest to exhaustion", () => {
    const now = 1_000_000;
    const headers: Record<string, string> = {};
    rateLimitHeaders(
      [
        { kind: "requests-minute", limit: 10, remaining: 8, resetAt: now + 30_000 },
        { kind: "requests-day", limit: 100, remaining: 90, resetAt: now + 3_600_000 },
        { kind: "tokens-day", limit: 1000, remaining: 100, resetAt: now + 3_600_000 },
      ],
      now,
      headers,
    );
    expect(headers).toEqual({
      "x-ratelimit-limit": "1000",
      "x-ratelimit-remaining": "100",
      "x-ratelimit-reset": String(Math.ceil((now + 3_600_000) / 1000)),
      "x-ratelimit-limit-requests": "10",
      "x-ratelimit-remaining-requests": "8",
      "x-ratelimit-reset-requests": "30s",
      "x-ratelimit-limit-tokens": "1000",
      "x-ratelimit-remaining-tokens": "100",
      "x-ratelimit-reset-tokens": "1h0m0s",
    });
    const unlimited: Record<string, string> = {};
    rateLimitHeaders([], now, unlimited);
    expect(unlimited).toEqual({
      "x-ratelimit-limit": "unlimited",
      "x-ratelimit-remaining": "unlimited",
      "x-ratelimit-reset": "0",
    });
  });
});
