import { countTokens, isWithinTokenLimit } from "gpt-tokenizer/encoding/o200k_base";

/** Text that looks like a special token ("<|endoftext|>") is plain text in a prompt, as upstreams read it. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Every role is one o200k token. */
const ROLES: ReadonlyMap<string, number> = new Map(
  ["system", "developer", "user", "assistant", "tool", "function"].map((role) => [role, 1]),
);

/**
 * BPE's cost grows with the square of a piece's length and rare characters are slow, so texts with
 * a run this long, and texts past a request's budget, are bounded by their bytes instead (tokens
 * never exceed UTF-8 bytes; bench/README.md, "Token counting").
 */
const LONG_RUN = /[\p{L}\p{M}]{100,}|[^\s\p{L}\p{M}\p{N}]{100,}|\s{100,}/u;
export const TOKENIZE_BUDGET_CHARS = 32_768;

/**
 * Counts of texts seen lately, since system prompts and tool definitions repeat from call to call
 * and a hit is far cheaper than tokenizing (bench/README.md, "Token counting"); all dropped when
 * full, cheaper than evicting one by one. A memo of a pure function: one per process is safe.
 */
const memo = new Map<string, number>();
const MEMO_CHARS = 4_000_000;
let memoChars = 0;

function remember(text: string, tokens: number): void {
  if (memoChars + text.length > MEMO_CHARS) {
    memo.clear();
    memoChars = 0;
  }
  memo.set(text, tokens);
  memoChars += text.length;
}

/** What may still be tokenized for one request, in UTF-16 units. */
export interface Budget {
  chars: number;
}

/**
 * A text's o200k count, or false once past `limit` (tokenizing stops there); its UTF-8 bytes when
 * tokenizing it would cost too much (a long run, or past the budget).
 */
export function textTokens(
  text: string,
  limit: number | null,
  budget: Budget,
  bytes: number,
): number | false {
  const known = ROLES.get(text) ?? memo.get(text);
  let tokens: number | false;
  if (known !== undefined) {
    tokens = known;
  } else if (text.length > budget.chars || (text.length >= 100 && LONG_RUN.test(text))) {
    tokens = bytes;
  } else {
    budget.chars -= text.length;
    // A text of at most `limit` bytes cannot pass it: counted whole, and remembered.
    tokens =
      limit === null || bytes <= limit
        ? countTokens(text, PLAIN_TEXT)
        : isWithinTokenLimit(text, limit, PLAIN_TEXT);
    if (tokens !== false) remember(text, tokens);
  }
  return limit !== null && tokens !== false && tokens > limit ? false : tokens;
}
