import { describe, expect, it } from "vitest";
import { csvCell } from "./csv";
import { daysEnding, isMonth, monthBounds } from "./days";

describe("days, months and CSV cells", () => {
  it("lists the n days ending with a day, across month and year ends", () => {
    expect(daysEnding("2026-01-02", 4)).toEqual([
      "2025-12-30",
      "2025-12-31",
      "2026-01-01",
      "2026-01-02",
    ]);
  });
  it("bounds a month and validates its shape", () => {
    expect(monthBounds("2025-12")).toEqual({ first: "2025-12-01", next: "2026-01-01" });
    expect(isMonth("2025-13")).toBe(false);
    expect(isMonth("2025-02")).toBe(true);
  });
  it("quotes CSV cells and defuses formulas", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
  });
});
