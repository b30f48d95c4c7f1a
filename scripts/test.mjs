#!/usr/bin/env node
// `npm test`: lint, type check, unit + integration tests (vitest, real Postgres/Redis), then
// end-to-end tests (Playwright in Chromium against a production build). Ends with one plain
// "N passed, N failed" line summing both runners.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import net from "node:net";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const only = process.argv.slice(2);
const wants = (step) => only.length === 0 || only.includes(step);
mkdirSync("test-results", { recursive: true });

function run(title, command, args) {
  console.log(`\n── ${title}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  return result.status ?? 1;
}

function reachable(url, fallbackPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || fallbackPort) });
    socket.setTimeout(1000);
    const settle = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => settle(true));
    socket.once("error", () => settle(false));
    socket.once("timeout", () => settle(false));
  });
}

// Redis-backed tests use REDIS_URL or the local default; without one they skip loudly, and
// under CI=true that is a failure (the tests themselves enforce it).
env.REDIS_URL ??= "redis://127.0.0.1:6379";
if (!(await reachable(env.REDIS_URL, 6379))) {
  console.warn(
    `\n!!! Redis is not reachable at ${env.REDIS_URL}: Redis tests will be SKIPPED !!!\n`,
  );
  if (env.CI === "true") console.warn("!!! CI=true: skipped Redis tests count as failures !!!");
  env.DARWAZA_TEST_REDIS_DOWN = "1";
}

// The browser: Debian's chromium when present, else Playwright's own (installed on first use).
const chromium = env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(chromium)) {
  env.PLAYWRIGHT_CHROMIUM_PATH = chromium;
} else if (wants("e2e")) {
  run("browser", "npx", ["playwright", "install", "chromium"]);
}

const failures = [];
if (wants("lint") && run("lint", "npx", ["biome", "check", "."]) !== 0) failures.push("lint");
if (wants("types") && run("types", "npx", ["tsc", "--noEmit", "-p", "."]) !== 0)
  failures.push("types");

let passed = 0;
let failed = 0;
function count(file, read) {
  if (!existsSync(file)) return;
  const [p, f] = read(JSON.parse(readFileSync(file, "utf8")));
  passed += p;
  failed += f;
}

if (wants("unit")) {
  const status = run("unit + integration", "npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    "--outputFile.json=test-results/vitest.json",
  ]);
  if (status !== 0) failures.push("vitest");
  count("test-results/vitest.json", (r) => [r.numPassedTests, r.numFailedTests]);
}
if (wants("e2e")) {
  env.PLAYWRIGHT_JSON_OUTPUT_NAME = "test-results/playwright.json";
  const status = run("end-to-end", "npx", ["playwright", "test", "--reporter=list,json"]);
  if (status !== 0) failures.push("playwright");
  count("test-results/playwright.json", (r) => [
    r.stats.expected,
    r.stats.unexpected + r.stats.flaky,
  ]);
}

console.log(`\n${failures.length ? `FAILED steps: ${failures.join(", ")}` : "All steps green."}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
