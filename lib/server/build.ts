import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { newestMtime } from "./newest-mtime.mjs";

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
];
const SKIP = new Set(["generated", "node_modules", ".next"]);

/** A production build is missing or older than the sources it was built from. */
export function buildIsStale(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCES.some((entry) => newestMtime(path.join(root, entry), SKIP) > builtAt);
}

/** `npm start` builds when needed, so a fresh clone needs only `npm install && npm start`. */
export function buildIfNeeded(root: string, log: (line: string) => void): void {
  // Several instances on one machine build once beforehand (`npm run build`) and set this, so
  // they never race each other to rewrite .next while it is being served.
  if (process.env.DARWAZA_SKIP_BUILD === "1") return;
  if (!buildIsStale(root)) return;
  log("Darwaza: building the web app (first start, or sources changed) …");
  const result = spawnSync("npm", ["run", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("next build failed (see the output above)");
}
