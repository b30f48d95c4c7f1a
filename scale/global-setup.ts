import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIfNeeded } from "@/lib/server/build";

const root = path.resolve(import.meta.dirname, "..");

function has(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/**
 * Before the whole run: nginx (Debian's package, installed here when missing and apt can, as
 * .ci/run does for chromium), the Next build and the server bundle — the instances are started
 * with DARWAZA_SKIP_BUILD=1, so none of them rebuilds while another serves.
 */
export default function setup(): void {
  if (!has("nginx")) {
    const isRoot = process.getuid?.() === 0;
    if (!isRoot || !has("apt-get")) {
      throw new Error("test:scale needs nginx on PATH (Debian/Ubuntu: apt-get install -y nginx)");
    }
    console.log("test:scale: installing nginx (apt-get install -y nginx) …");
    const installed = spawnSync("apt-get", ["install", "-y", "nginx"], { stdio: "inherit" });
    if (installed.status !== 0) throw new Error("apt-get install -y nginx failed");
  }
  buildIfNeeded(root, (line) => console.log(line));
  const bundled = spawnSync(process.execPath, ["server/start.mjs", "--bundle-only"], {
    cwd: root,
    stdio: "inherit",
  });
  if (bundled.status !== 0) throw new Error("bundling server/main.ts failed");
}
