import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import {
  type ConnectionParts,
  clientConfig,
  quoteIdent,
  withDatabase,
  withServerClient,
} from "./connection";

/**
 * The driver adapter the wasm schema engine talks to Postgres through: PrismaPg, with the fixes
 * the engine's own queries need (each explained below; see README.md).
 */

/** Postgres' one-byte internal type `"char"` (pg_class.relkind, pg_constraint.contype…). */
const CHAR_OID = 18;
const TEXT_OID = 25;

interface RowDescriptionMessage {
  fields: Array<{ dataTypeID: number }>;
}

interface ClientInternals {
  _handleRowDescription(this: pg.Client, message: RowDescriptionMessage): void;
}

const clientInternals = pg.Client.prototype as unknown as Partial<ClientInternals>;

/**
 * A pg client that reports `"char"` columns as `text`.
 *
 * Why: the engine's schema describer selects catalog columns of type `"char"`, and adapter-pg
 * 7.10 maps column types by OID and throws "Unsupported column type char" for OID 18. Its value
 * is a one-character string either way, so relabelling the column as text before pg and the
 * adapter look at it is exact. Done per client class (only pools built here use it), never by
 * patching pg globally, because the app's own pg pools live in the same process.
 */
class CharAsTextClient extends pg.Client {
  _handleRowDescription(message: RowDescriptionMessage): void {
    for (const field of message.fields) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
    const original = clientInternals._handleRowDescription;
    if (!original)
      throw new Error("pg.Client has no _handleRowDescription: the pg version changed");
    original.call(this, message);
  }
}

function poolConfig(parts: ConnectionParts): pg.PoolConfig {
  // A few connections: the engine can hold one in a transaction while querying on another.
  return { ...clientConfig(parts), max: 4, idleTimeoutMillis: 1_000, Client: CharAsTextClient };
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * PrismaPg whose shadow databases we create and drop ourselves.
 *
 * Why: PrismaPg.connectToShadowDb drops the shadow database before closing the pool still
 * connected to it (so the DROP fails and the database leaks), and builds the shadow pool from a
 * config where a connectionString would override the shadow `database`. Here every pool gets
 * separate host/port/user/database fields, the database is dropped WITH (FORCE) after its pool is
 * closed, and `close()` ends whatever the engine left open (a freed wasm engine does not dispose
 * its adapters, and an open pool would keep the process alive).
 */
export class MigrationPg extends PrismaPg {
  private readonly opened = new Set<Adapter>();
  private readonly shadowNames = new Set<string>();

  constructor(private readonly parts: ConnectionParts) {
    super(poolConfig(parts));
  }

  override async connect(): Promise<Adapter> {
    return this.track(await super.connect());
  }

  override async connectToShadowDb(): Promise<Adapter> {
    const name = `prisma_migrate_shadow_db_${crypto.randomUUID().replaceAll("-", "")}`;
    await withServerClient(this.parts, (client) =>
      client.query(`CREATE DATABASE ${quoteIdent(name)}`),
    );
    this.shadowNames.add(name);
    const shadow = new PrismaPg(poolConfig(withDatabase(this.parts, name)));
    const adapter = this.track(await shadow.connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await this.dropShadow(name);
    };
    return adapter;
  }

  /** Closes every pool this factory opened and drops every shadow database it created. */
  async close(): Promise<void> {
    const adapters = [...this.opened];
    this.opened.clear();
    const results = await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
    await Promise.allSettled([...this.shadowNames].map((name) => this.dropShadow(name)));
    const failure = results.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
  }

  private track(adapter: Adapter): Adapter {
    sendScriptsWhole(adapter);
    // Dispose once: ending a pg pool twice throws.
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => {
      this.opened.delete(adapter);
      disposed ??= dispose();
      return disposed;
    };
    this.opened.add(adapter);
    return adapter;
  }

  private async dropShadow(name: string): Promise<void> {
    if (!this.shadowNames.delete(name)) return;
    await withServerClient(this.parts, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
    );
  }
}

interface ScriptRunner {
  underlyingDriver(): pg.Pool;
  /** PrismaPg's own error mapping (pg error → DriverAdapterError the engine understands). */
  onError(error: unknown): never;
}

/**
 * Send a migration script to Postgres as one simple-protocol query.
 *
 * Why: PrismaPg's executeScript splits the script on every ";" — inside dollar-quoted function
 * bodies and string literals too — so a migration with CREATE FUNCTION … plpgsql (the usage_monthly
 * triggers) breaks into invalid pieces. Postgres runs a multi-statement simple query in one
 * implicit transaction, which is also what `prisma migrate deploy` (native) does with the file.
 */
function sendScriptsWhole(adapter: Adapter): void {
  const runner = adapter as unknown as ScriptRunner;
  adapter.executeScript = async (script: string) => {
    try {
      await runner.underlyingDriver().query(script);
    } catch (error) {
      runner.onError(error);
    }
  };
}
