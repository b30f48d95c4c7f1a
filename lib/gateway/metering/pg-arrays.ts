/**
 * Postgres array literals built directly: pg's generic array serialisation escapes every element
 * through a regex and a JSON round trip, which dominated the batch writer's CPU. Sent as text
 * and cast in SQL ($1::text[], $2::int[] …), these parse the same. The *Elements functions give
 * a literal's inside, so a long array can be encoded in slices and joined with commas.
 */
const SAFE = /^[A-Za-z0-9_.:/-]+$/;

function quote(value: string): string {
  // Unquoted NULL (any case) would read as a null element.
  if (SAFE.test(value) && !/^null$/i.test(value)) return value;
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export function textElements(values: readonly (string | null)[]): string {
  let out = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    const value = values[i];
    out += value === null ? "NULL" : quote(value);
  }
  return out;
}

export function numberElements(values: readonly number[]): string {
  return values.join(",");
}

export function boolElements(values: readonly boolean[]): string {
  let out = "";
  for (let i = 0; i < values.length; i++)
    out += i > 0 ? (values[i] ? ",t" : ",f") : values[i] ? "t" : "f";
  return out;
}

/** An array literal from the elements of its slices (each non-empty). */
export function arrayLiteral(slices: readonly string[]): string {
  return `{${slices.join(",")}}`;
}
