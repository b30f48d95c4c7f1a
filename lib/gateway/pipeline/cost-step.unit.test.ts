import { describe, expect, it } from "vitest";
import { insertCost, withCost } from "./cost-step";

describe("usage.cost in an answer", () => {
  it("goes first in the top-level usage object, the rest byte for byte", () => {
    const body = '{"id":"x","usage":{"prompt_tokens":3,"completion_tokens":1}}';
    expect(insertCost(body, 1_230)).toBe(
      '{"id":"x","usage":{"cost":0.00123,"prompt_tokens":3,"completion_tokens":1}}',
    );
    expect(insertCost('{"usage":{}}', 5_000_000)).toBe('{"usage":{"cost":5}}');
    // Whitespace after the document is still the document's end.
    expect(JSON.parse(insertCost('{"a":1,"usage":{"x":1}}\n', 1) ?? "").usage.cost).toBe(1e-6);
  });

  it("leaves an answer without a top-level usage object alone", () => {
    expect(insertCost('{"data":[]}', 1)).toBeNull();
    // A usage object nested deeper is not the answer's usage.
    expect(insertCost('{"choices":[{"usage":{"n":1}}],"model":"m"}', 1)).toBeNull();
    // Nor is the text of a message that mentions one.
    expect(insertCost('{"content":"\\"usage\\":{}","n":1}', 1)).toBeNull();
  });

  it("sets the header on every answer, the body only for chat and embeddings JSON", () => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const body = Buffer.from('{"usage":{"prompt_tokens":1}}');
    const priced = withCost("embeddings", body, 42, headers);
    expect(Buffer.from(priced).toString()).toBe('{"usage":{"cost":0.000042,"prompt_tokens":1}}');
    expect(headers["x-darwaza-cost-micros"]).toBe("42");
    expect(withCost("x/sentiment", body, 42, { "content-type": "application/json" })).toBe(body);
  });
});
