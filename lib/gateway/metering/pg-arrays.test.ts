import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { type GatewayTestEnv, setUpGatewayEnv } from "../test-support/database";
import { arrayLiteral, boolElements, numberElements, textElements } from "./pg-arrays";

let testEnv: GatewayTestEnv;
beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
});
afterAll(async () => {
  await testEnv.teardown();
});

describe("Postgres array literals", () => {
  it("round-trip every awkward string, nulls, numbers and booleans", async () => {
    const texts = [
      "plain",
      "",
      "NULL",
      "null",
      'quo"te',
      "back\\slash",
      "com,ma",
      "{brace}",
      " spaced ",
      "ünï ☃",
      "new\nline",
      null,
      "req_AbC-12",
    ];
    const numbers = [0, -1, 2_147_483_647, 42];
    const bools = [true, false, true];
    const { rows } = await pool().query<{ t: (string | null)[]; n: number[]; b: boolean[] }>(
      "SELECT $1::text[] AS t, $2::int[] AS n, $3::bool[] AS b",
      // Each in two slices, as the batch writer encodes them.
      [
        arrayLiteral([textElements(texts.slice(0, 5)), textElements(texts.slice(5))]),
        arrayLiteral([numberElements(numbers.slice(0, 1)), numberElements(numbers.slice(1))]),
        arrayLiteral([boolElements(bools.slice(0, 2)), boolElements(bools.slice(2))]),
      ],
    );
    expect(rows[0]).toEqual({ t: texts, n: numbers, b: bools });
  });
});
