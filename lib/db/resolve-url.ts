/** Whether resolveDatabaseUrl went to the embedded server (so the scripts know to stop it). */
let usedEmbedded = false;

/**
 * The database the scripts and tests work on: DATABASE_URL when set, otherwise the embedded
 * PostgreSQL (started on demand by lib/db/embedded.ts). Imported lazily so that a set
 * DATABASE_URL never loads, or starts, the embedded server.
 */
export async function resolveDatabaseUrl(): Promise<string> {
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (fromEnv) return fromEnv;
  usedEmbedded = true;
  const { ensureDatabaseUrl } = await import("./embedded");
  return ensureDatabaseUrl();
}

/**
 * For one-shot scripts: stops the embedded PostgreSQL if this process started it (a server that
 * was already running, e.g. under `npm start`, is left alone by stopEmbeddedPostgres).
 */
export async function releaseEmbeddedDatabase(): Promise<void> {
  if (!usedEmbedded) return;
  const { stopEmbeddedPostgres } = await import("./embedded");
  await stopEmbeddedPostgres();
}

/** The URL with its password hidden, for printing. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparsable database URL)";
  }
}
