import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BatchWriter, UsageEventRow } from "./types";

/**
 * Events that could not be written before shutdown (Postgres down at SIGTERM) are saved to disk
 * and written at the next start, so a 200 never loses its usage event. Event ids make a replay
 * of something already written harmless.
 */
export function spillDirectory(dataDir: string): string {
  return path.resolve(dataDir, "usage-spill");
}

export function spillEvents(directory: string, events: UsageEventRow[]): string | null {
  if (events.length === 0) return null;
  mkdirSync(directory, { recursive: true });
  // Unique even for two spills in one millisecond; "wx" never overwrites an earlier file.
  const name = `${Date.now()}-${process.pid}-${randomBytes(4).toString("hex")}.jsonl`;
  const file = path.join(directory, name);
  writeFileSync(file, `${events.map((event) => JSON.stringify(event)).join("\n")}\n`, {
    mode: 0o600,
    flag: "wx",
  });
  return file;
}

/** Write every spilled file, deleting each once written. Returns how many events were replayed. */
export async function replaySpilled(
  directory: string,
  write: BatchWriter,
  batchSize = 1000,
): Promise<number> {
  let files: string[];
  try {
    files = readdirSync(directory).filter((name) => name.endsWith(".jsonl"));
  } catch {
    return 0;
  }
  let replayed = 0;
  for (const name of files.sort()) {
    const file = path.join(directory, name);
    const events = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as UsageEventRow);
    for (let i = 0; i < events.length; i += batchSize) await write(events.slice(i, i + batchSize));
    unlinkSync(file);
    replayed += events.length;
  }
  return replayed;
}
