import pg from "pg";

/**
 * Connection settings for one database, always as separate fields.
 *
 * Why not a connectionString: when pg is given both a connectionString and a `database`, the
 * string wins, so "the same server, another database" (the shadow database, a test database)
 * would silently open the main one. Splitting the URL once here removes that trap everywhere.
 */
export interface ConnectionParts {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  ssl: pg.ClientConfig["ssl"];
}

/** Splits a postgresql:// URL into fields pg and PrismaPg accept. */
export function parseDatabaseUrl(databaseUrl: string): ConnectionParts {
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new Error(`DATABASE_URL must be a postgresql:// URL (got ${url.protocol}//…)`);
  }
  const params = url.searchParams;
  // A socket directory may be given as ?host=/var/run/postgresql with an empty URL host.
  const host = params.get("host") ?? (decodeURIComponent(url.hostname) || "localhost");
  const schema = params.get("schema");
  if (schema !== null && schema !== "public") {
    // The app's pg pool ignores ?schema=, so tables elsewhere than "public" would not be found.
    throw new Error(`DATABASE_URL ?schema=${schema} is not supported: Darwaza uses "public"`);
  }
  const sslmode = params.get("sslmode");
  const ssl: pg.ClientConfig["ssl"] =
    sslmode === null || sslmode === "disable" || sslmode === "prefer"
      ? undefined
      : sslmode === "no-verify"
        ? { rejectUnauthorized: false }
        : true;
  return {
    host,
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || "postgres",
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
    ssl,
  };
}

/** The same server, another database. */
export function withDatabase(parts: ConnectionParts, database: string): ConnectionParts {
  return { ...parts, database };
}

/** A URL for `parts` (used by tests and the test-support helper to hand out connection URLs). */
export function formatDatabaseUrl(parts: ConnectionParts): string {
  const url = new URL("postgresql://localhost");
  url.hostname = parts.host.startsWith("/") ? "localhost" : parts.host;
  url.port = String(parts.port);
  url.username = encodeURIComponent(parts.user);
  if (parts.password !== undefined) url.password = encodeURIComponent(parts.password);
  url.pathname = `/${encodeURIComponent(parts.database)}`;
  if (parts.host.startsWith("/")) url.searchParams.set("host", parts.host);
  if (parts.ssl === true) url.searchParams.set("sslmode", "require");
  else if (parts.ssl) url.searchParams.set("sslmode", "no-verify");
  return url.toString();
}

/** A pg client config for `parts`, with a short connect timeout so a dead server fails fast. */
export function clientConfig(parts: ConnectionParts): pg.ClientConfig {
  return {
    host: parts.host,
    port: parts.port,
    user: parts.user,
    password: parts.password,
    database: parts.database,
    ssl: parts.ssl,
    connectionTimeoutMillis: 10_000,
    application_name: "darwaza-migrate",
  };
}

/** Opens one client; an 'error' event (server gone) must not crash the process, the query fails anyway. */
export async function connectClient(parts: ConnectionParts): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(parts));
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/** Runs `fn` with one short-lived client, always closing it. */
export async function withClient<T>(
  parts: ConnectionParts,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await connectClient(parts);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs `fn` on the server of `parts`, for CREATE/DROP DATABASE: through the database of `parts`
 * when it exists, else through "postgres" (so a not-yet-created app database is no obstacle).
 */
export async function withServerClient<T>(
  parts: ConnectionParts,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  let client: pg.Client;
  try {
    client = await connectClient(parts);
  } catch (error) {
    if (!isPgError(error, "3D000") || parts.database === "postgres") throw error;
    client = await connectClient(withDatabase(parts, "postgres"));
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** True when `error` is a server error with one of the SQLSTATE `codes`. */
export function isPgError(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && "code" in error && codes.includes(String(error.code));
}

/** Double-quotes an identifier for SQL (database names are not parameters in CREATE DATABASE). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
