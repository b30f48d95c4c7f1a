/**
 * The inputs of an OpenAI embeddings request, one per vector: a text, or pre-tokenized ids
 * (`input` may be a string, strings, one id array or several). Read by the endpoint for its token
 * estimate and by the demo model for its vectors.
 */
export function embeddingInputs(input: unknown): (string | number[])[] {
  if (typeof input === "string") return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((item) => typeof item === "number")) return [input as number[]];
  return input as (string | number[])[];
}
