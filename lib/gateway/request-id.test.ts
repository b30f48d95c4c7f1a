import { describe, expect, it } from "vitest";
import { newRequestId } from "./request-id";

describe("newRequestId", () => {
  it("is req_ + 9 base36 characters of time + 12 base64url characters of randomness", () => {
    const id = newRequestId(Date.UTC(2026, 10, 28));
    expect(id).toMatch(/^req_[0-9a-z]{9}[A-Za-z0-9_-]{12}$/);
    expect(id.slice(4, 13)).toBe(Date.UTC(2026, 10, 28).toString(36).padStart(9, "0"));
  });

  it("never repeats, within one millisecond and across pool refills", () => {
    const now = Date.now();
    const ids = new Set<string>();
    // 3,000 ids span several refills of the pooled randomness (1,024 ids each).
    for (let i = 0; i < 3000; i++) ids.add(newRequestId(now));
    expect(ids.size).toBe(3000);
  });

  it("sorts by time, so inserts land at the right edge of the primary key", () => {
    const earlier = newRequestId(1_700_000_000_000);
    const later = newRequestId(1_700_000_000_001);
    expect(earlier < later).toBe(true);
  });
});
