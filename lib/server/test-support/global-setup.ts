import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIfNeeded } from "@/lib/server/build";

const root = path.resolve(import.meta.dirname, "../../..");

/**
 * Before the run: the Next build and the server bundle, which the tests that start the real
 * `npm start` (lib/server/test-support/npm-start.ts, DARWAZA_SKIP_BUILD=1) serve.
 */
export default function setup(): void {
  buildIfNeeded(root, (line) => process.stdout.write(`${line}\n`));
  const bundled = spawnSync(process.execPath, ["server/start.mjs", "--bundle-only"], {
    cwd: root,
    stdio: "inherit",
  });
  if (bundled.status !== 0) throw new Error("bundling server/main.ts failed");
}
