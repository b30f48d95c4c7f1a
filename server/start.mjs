import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { newestMtime } from "../lib/server/newest-mtime.mjs";

/**
 * `npm start`: run server/main.ts as one esbuild bundle on plain node (packages stay external).
 *
 * Why not `tsx server/main.ts`: tsx keeps names on every closure and keeps modules separate,
 * which costs the hot path CPU per request (bench/profile.ts; history in bench/README.md).
 * The bundle (~1 s) is rebuilt only when the server's sources changed; the Next app is built by
 * main.ts itself, as before. Several instances starting at once each write a temporary file and
 * rename it into place, so none ever imports a half-written bundle.
 */
const root = path.resolve(import.meta.dirname, "..");
const bundle = path.join(root, "dist", "server.mjs");
const SOURCES = ["server", "lib", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next"]);

function isStale() {
  if (!existsSync(bundle)) return true;
  const builtAt = statSync(bundle).mtimeMs;
  return SOURCES.some((entry) => newestMtime(path.join(root, entry), SKIP) > builtAt);
}

// Always brought up to date, DARWAZA_SKIP_BUILD or not (that one is about the minutes-long Next
// build): bundling takes about a second and lands atomically, so instances may race for it.
if (isStale()) {
  const result = await build({
    // The gateway process and the web process it forks (server/web.ts), each a bundle of its own:
    // the gateway's must not load Next at all.
    entryPoints: {
      server: path.join(root, "server", "main.ts"),
      web: path.join(root, "server", "web.ts"),
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    alias: { "@": root },
    sourcemap: "linked",
    outdir: path.dirname(bundle),
    outExtension: { ".js": ".mjs" },
    write: false,
    logLevel: "warning",
  });
  mkdirSync(path.dirname(bundle), { recursive: true });
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

// `npm run build` makes the bundle beside the Next build, so a deployed instance starts at once.
if (!process.argv.includes("--bundle-only")) await import(pathToFileURL(bundle).href);
