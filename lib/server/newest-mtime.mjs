import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The newest modification time (ms) under `entry`, skipping folders named in `skip` and test
 * files: whether a build (Next's, or the server bundle) is older than its sources. Plain JS so
 * server/start.mjs can use it before anything is compiled.
 */
export function newestMtime(entry, skip) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) {
    if (skip.has(child) || child.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child), skip));
  }
  return newest;
}
