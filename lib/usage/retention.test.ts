import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config/env";
import { monthStart, partitionName } from "./partitions";
import { usageRetentionMonths } from "./retention";

describe("usage retention settings", () => {
  it("keeps everything unless DARWAZA_USAGE_RETENTION_MONTHS says otherwise", () => {
    expect(usageRetentionMonths({})).toBe(0);
    expect(usageRetentionMonths({ DARWAZA_USAGE_RETENTION_MONTHS: "" })).toBe(0);
    expect(usageRetentionMonths({ DARWAZA_USAGE_RETENTION_MONTHS: "13" })).toBe(13);
  });

  it("refuses to start on a value that is not a whole number of months", () => {
    for (const bad of ["-1", "1.5", "twelve"]) {
      expect(() => usageRetentionMonths({ DARWAZA_USAGE_RETENTION_MONTHS: bad })).toThrow(
        ConfigError,
      );
    }
  });

  it("names partitions after their UTC month", () => {
    const at = new Date("2027-01-31T23:30:00Z");
    expect(partitionName(monthStart(at))).toBe("usage_events_p202701");
    expect(partitionName(monthStart(at, 1))).toBe("usage_events_p202702");
    expect(partitionName(monthStart(at, -13))).toBe("usage_events_p202512");
  });
});
