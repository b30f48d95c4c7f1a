import { describe, expect, it } from "vitest";
import { jsonNestingExceeds } from "./json-depth";

describe("jsonNestingExceeds", () => {
  it("counts arrays and objects, not brackets inside strings", () => {
    expect(jsonNestingExceeds(`${"[".repeat(5)}${"]".repeat(5)}`, 4)).toBe(true);
    expect(jsonNestingExceeds(`${"[".repeat(4)}${"]".repeat(4)}`, 4)).toBe(false);
    expect(jsonNestingExceeds(`{"a":"${"[{".repeat(50)}","b":[1]}`, 3)).toBe(false);
    expect(jsonNestingExceeds(`{"a":"\\"[[[[[[[[","b":{}}`, 2)).toBe(false);
    expect(jsonNestingExceeds(`[{"a":[{"b":[1]}]}]`, 4)).toBe(true);
  });
});
