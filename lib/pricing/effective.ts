/** How far `timeZone` is ahead of UTC at `at` (Unix ms), in ms. */
function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * When a version takes effect (Unix ms): `now` when blank; an ISO time with an offset as it says;
 * a form's wall-clock "2027-01-01T09:00" in `timeZone` (the business time zone).
 */
export function effectiveAt(value: string | null, timeZone: string, now: number): number | null {
  if (!value) return now;
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    const at = Date.parse(value);
    return Number.isNaN(at) ? null : at;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  if (Number.isNaN(wall)) return null;
  // The zone's offset at the guess, then again at the result (a DST change in between).
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}
