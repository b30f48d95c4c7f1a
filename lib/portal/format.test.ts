import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { formatCountOf } from "@/lib/plans/money";
import { formatDate, formatDateTime } from "./format";

const zone = process.env.DARWAZA_TIMEZONE;
afterEach(() => {
  if (zone === undefined) delete process.env.DARWAZA_TIMEZONE;
  else process.env.DARWAZA_TIMEZONE = zone;
  resetEnvCache();
});

describe("display formats", () => {
  it("dates a billing instant by the business's day (Asia/Karachi, UTC+5), not UTC's", () => {
    process.env.DARWAZA_TIMEZONE = "Asia/Karachi";
    resetEnvCache();
    // 20:30 UTC on 30 Nov is already 1 Dec in Karachi.
    const instant = new Date("2025-11-30T20:30:00Z");
    expect(formatDate(instant)).toBe("1 Dec 2025");
    expect(formatDateTime(instant)).toBe("1 Dec 2025, 01:30");
  });
  it("puts a count's noun in the right number", () => {
    expect(formatCountOf(0, "account")).toBe("0 accounts");
    expect(formatCountOf(1, "account")).toBe("1 account");
    expect(formatCountOf(2, "account")).toBe("2 accounts");
    expect(formatCountOf(1_000n, "entry", "entries")).toBe("1,000 entries");
    expect(formatCountOf(1, "entry", "entries")).toBe("1 entry");
  });
});
