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
      total += Math.ceil(Buffer.byteLength(content) / 3);
    } else if (Array.isArray(content)) {
      for (const part of content) {
        const text = part && typeof part === "object" && "text" in part ? part.text : undefined;
        total += typeof text === "string" ? Math.ceil(Buffer.byteLength(text) / 3) : 1000;
      }
    }
  }
  return total;
}
