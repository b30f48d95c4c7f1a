/**
 * Buffered responses are written together once the loop turn's ready requests have run
 * (setImmediate follows the poll phase): one wake-up of the client reads them all, not one per
 * answer, which saves CPU per request on shared cores (npm run bench; bench/README.md).
 * At most MAX_HELD wait, so a burst of requests never holds the first answer until the last.
 */
export const MAX_HELD = 32;

let held: (() => void)[] = [];
let scheduled = false;

/** Run `write` after the requests ready now have been handled, or sooner when many are held. */
export function writeTogether(write: () => void): void {
  held.push(write);
  if (held.length >= MAX_HELD) writeHeld();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(onImmediate);
  }
}

function onImmediate(): void {
  scheduled = false;
  writeHeld();
}

function writeHeld(): void {
  const writes = held;
  held = [];
  // Each write answers its own failures (writeNodeResponse): one cannot keep the rest back.
  for (const write of writes) write();
}
