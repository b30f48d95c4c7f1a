import { countTokens, isWithinTokenLimit } from "gpt-tokenizer/encoding/o200k_base";

/** Text that looks like a special token ("<|endoftext|>") is plain text in a prompt, as upstreams read it. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Every role is one o200k token. */
const ROLES: ReadonlyMap<string, number> = new Map(
  ["system", "developer", "user", "assistant", "tool", "function"].map((role) => [role, 1]),
);

/**
 * Counts of texts seen lately, all dropped when full (cheaper than evicting one by one from a
 * Map, which slows its iteration): system prompts and tool definitions repeat
 * from call to call, and tokenizing costs ~6 µs for a 25-byte message, ~50 µs for 500 bytes,
 * a hit ~0.1 µs (measured here). A memo of a pure function, so one per process is safe.
 */
const memo = new Map<string, number>();
const MEMO_CHARS = 4_000_000;
const MEMO_MAX_TEXT = 64 * 1024;
let memoChars = 0;

function remember(text: string, tokens: number): void {
  if (text.length > MEMO_MAX_TEXT) return;
  if (memoChars + text.length > MEMO_CHARS) {
    memo.clear();
    memoChars = 0;
  }
  memo.set(text, tokens);
  memoChars += text.length;
}

/** The o200k token count of a text. */
export function tokenCount(text: string): number {
  const known = ROLES.get(text) ?? memo.get(text);
  if (known !== undefined) return known;
  const tokens = countTokens(text, PLAIN_TEXT);
  remember(text, tokens);
  return tokens;
}

/**
 * The count, or false once past `limit`: tokenizing stops there, so a huge text costs only what
 * the limit allows. A text of at most `limit` UTF-16 units / 3 cannot pass it (tokens ≤ bytes).
 */
export function tokenCountWithin(text: string, limit: number): number | false {
  if (text.length * 3 <= limit) return tokenCount(text);
  const known = memo.get(text);
  if (known !== undefined) return known <= limit ? known : false;
  const tokens = isWithinTokenLimit(text, limit, PLAIN_TEXT);
  if (tokens !== false) remember(text, tokens);
  return tokens;
}
