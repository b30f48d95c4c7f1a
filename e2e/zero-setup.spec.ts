import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// `npm start` with no DATABASE_URL: a real embedded PostgreSQL under the data folder, migrated
// at start, whose data survives a restart.
const PORT = 3190;
const ADMIN_TOKEN = "zero-setup-admin-token-0123456789";
const base = `http://127.0.0.1:${PORT}`;

function startServer(dataDir: string): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    DARWAZA_DATA_DIR: dataDir,
    DARWAZA_ADMIN_TOKEN: ADMIN_TOKEN,
    DARWAZA_EMBEDDED_PG_PORT: "55490",
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  // Node itself, not npx: SIGTERM must reach the server, whose exit code the test checks.
  return spawn(process.execPath, ["server/start.mjs"], { env, stdio: "ignore" });
}

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("server did not become healthy");
}

function stop(server: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    server.once("exit", (code) => resolve(code));
    server.kill("SIGTERM");
  });
}

test("starts on an embedded database that survives a restart", async ({ page }) => {
  test.setTimeout(300_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "darwaza-zero-"));
  // As root, the embedded PostgreSQL runs as a `postgres` user, who must be able to enter it.
  chmodSync(dataDir, 0o755);
  const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  try {
    let server = startServer(dataDir);
    await waitForHealth();
    const health = await (await fetch(`${base}/api/health`)).json();
    expect(health.database.ok).toBe(true);

    await page.goto(`${base}/`);
    await expect(page.getByTestId("plan-starter")).toContainText("PKR 5,000");

    const created = await fetch(`${base}/api/admin/keys`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "survivor@example.com", label: "kept" }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect(await stop(server)).toBe(0);

    server = startServer(dataDir);
    await waitForHealth();
    const listed = await (await fetch(`${base}/api/admin/keys`, { headers: auth })).json();
    expect(JSON.stringify(listed)).toContain(id);
    expect(await stop(server)).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
