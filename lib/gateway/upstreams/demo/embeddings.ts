import { createHash } from "node:crypto";
import { badRequest } from "../../errors";
import { countInputTokens } from "../../limits/estimate";
import type { EmbeddingsCall, EmbeddingsReply } from "../client";
import { embeddingInputs } from "../embedding-inputs";

/**
 * The demo model's vector size. Like OpenAI's text-embedding-3 models, `dimensions` may shorten
 * a vector, never lengthen it (which also bounds an answer: 2,048 inputs × 256 floats).
 */
const NATIVE_DIMENSIONS = 256;

/** A unit vector that depends only on the input: same text, same embedding. */
function vectorOf(input: string | number[], dimensions: number): Float32Array {
  const seed = typeof input === "string" ? input : `tokens:${input.join(",")}`;
  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let block = 0; block * 8 < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}:${seed}`).digest();
    for (let i = 0; i < 8 && block * 8 + i < dimensions; i++) {
      const value = digest.readInt32LE(i * 4) / 2 ** 31;
      vector[block * 8 + i] = value;
      norm += value * value;
    }
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < dimensions; i++) vector[i] *= scale;
  return vector;
}

/** OpenAI's base64 encoding of an embedding: its float32 values, little-endian. */
function base64Of(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64");
}

export async function demoEmbeddings(call: EmbeddingsCall): Promise<EmbeddingsReply> {
  const inputs = embeddingInputs(call.body.input);
  const dimensions =
    typeof call.body.dimensions === "number" ? call.body.dimensions : NATIVE_DIMENSIONS;
  if (dimensions > NATIVE_DIMENSIONS)
    throw badRequest(
      `This model's embeddings have ${NATIVE_DIMENSIONS} dimensions; \`dimensions\` may be at most that.`,
      "dimensions",
    );
  const base64 = call.body.encoding_format === "base64";
  // Counted as the gateway counts them (o200k; one per id of a token array).
  const promptTokens = countInputTokens(inputs);
  const data = inputs.map((input, index) => {
    const vector = vectorOf(input, dimensions);
    return { object: "embedding", index, embedding: base64 ? base64Of(vector) : [...vector] };
  });
  return {
    json: {
      object: "list",
      data,
      model: String(call.body.model),
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    },
    promptTokens,
    estimated: false,
  };
}
