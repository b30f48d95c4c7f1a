/**
 * Whether JSON text nests arrays and objects more than `max` levels deep. JSON.parse itself
 * copes with any depth, but every recursive walk after it (JSON.stringify for the upstream or the
 * cache key, validation) overflows the stack on a few hundred thousand levels: such a body is
 * refused before it is parsed. One pass over the text; brackets inside strings do not count.
 */
export function jsonNestingExceeds(text: string, max: number): boolean {
  // Fewer brackets than that cannot nest that deep.
  if (text.length <= max * 2) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Deeper than any request the API documents (tool schemas included). */
export const MAX_JSON_DEPTH = 128;
