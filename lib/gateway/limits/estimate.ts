/** One token per 3 UTF-8 bytes: more than byte-level BPE tokenizers count for English. */
function textTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text) / 3);
}

/**
 * The prompt tokens reserved at admission, before the upstream has counted them. Deliberately
 * generous (one token per 3 UTF-8 bytes, +4 per message) so that the reservation covers what the
 * upstream later reports in the usual case: byte-level BPE tokenizers average ~4 bytes per token
 * in English. Non-text parts (images, audio) reserve a flat 1,000 tokens each.
 */
export function estimatePromptTokens(messages: readonly { content?: unknown }[]): number {
  let total = 3;
  for (const message of messages) {
    total += 4;
    const content = message.content;
    if (typeof content === "string") {
      total += textTokens(content);
    } else if (Array.isArray(content)) {
      for (const part of content) {
        const text = part && typeof part === "object" && "text" in part ? part.text : undefined;
        total += typeof text === "string" ? textTokens(text) : 1000;
      }
    }
  }
  return total;
}

/** The input tokens of an embeddings request, by the same rule: texts by bytes, ids one each. */
export function estimateInputTokens(inputs: readonly (string | number[])[]): number {
  let total = 0;
  for (const input of inputs) total += typeof input === "string" ? textTokens(input) : input.length;
  return total;
}
