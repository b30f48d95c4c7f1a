/**
 * The demo model's deterministic replies. Completion tokens: one per word of the reply. A last
 * user message containing "<N> tokens" gets a reply of exactly N words (before max_tokens), so
 * tests can ask for big completions — at most DEMO_MAX_OUTPUT, the demo model's own output limit
 * (like any model's), which also bounds an answer of n choices.
 */
export const DEMO_MAX_OUTPUT = 4096;
const FILLER = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split(
  " ",
);

function partText(part: unknown): string {
  if (typeof part === "string") return part;
  if (part && typeof part === "object" && "text" in part && typeof part.text === "string")
    return part.text;
  return "";
}

/** The text of each message's content (strings, or the text parts of an array). */
export function messageTexts(messages: unknown): { role: string; text: string }[] {
  if (!Array.isArray(messages)) return [];
  return messages.map((message) => {
    const record =
      message && typeof message === "object" ? (message as Record<string, unknown>) : {};
    const content = record.content;
    const text = Array.isArray(content) ? content.map(partText).join(" ") : partText(content);
    return { role: typeof record.role === "string" ? record.role : "", text };
  });
}

export interface DemoReply {
  words: string[];
  finishReason: "stop" | "length";
}

export function demoReply(
  texts: { role: string; text: string }[],
  maxTokens: number | undefined,
): DemoReply {
  const lastUser = texts.findLast((m) => m.role === "user")?.text ?? "";
  const limit = Math.min(maxTokens ?? DEMO_MAX_OUTPUT, DEMO_MAX_OUTPUT);
  const asked = /(\d{1,6})\s+tokens?\b/i.exec(lastUser);
  if (asked) {
    const count = Number(asked[1]);
    const words = Array.from(
      { length: Math.min(count, limit) },
      (_, i) => FILLER[i % FILLER.length],
    );
    return { words, finishReason: count > limit ? "length" : "stop" };
  }
  const echo = lastUser.split(/\s+/).filter(Boolean).slice(0, 8);
  const words = ["Hello", "from", "the", "Darwaza", "demo", "model.", "You", "said:", ...echo];
  if (words.length > limit) return { words: words.slice(0, limit), finishReason: "length" };
  return { words, finishReason: "stop" };
}
