import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { ConnectionParts } from "./connection";
import { MigrationPg } from "./pg-adapter";
import { lastPanicMessage, loadSchemaEngine } from "./wasm-engine";

export interface SchemaFile {
  path: string;
  content: string;
}

/** Entities the engine must treat as managed elsewhere: none (prisma.config.ts declares none). */
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Engine log lines are JSON; printed only when asked, e.g. DEBUG=darwaza:migrate. */
function logLine(line: unknown): void {
  if (process.env.DEBUG?.includes("darwaza:migrate")) console.error("[schema-engine]", line);
}

/**
 * Runs `fn` with a wasm schema engine connected to the database in `parts`, then frees the
 * engine and closes every pool and shadow database it opened, whatever happened.
 */
export async function withSchemaEngine<T>(
  parts: ConnectionParts,
  schemaFiles: SchemaFile[],
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const bindings = await loadSchemaEngine();
  const factory = new MigrationPg(parts);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  try {
    const datamodels = schemaFiles.map((file): [string, string] => [file.path, file.content]);
    const engine = await bindings.SchemaEngine.new({ datamodels }, logLine, adapter);
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } catch (error) {
    throw engineError(error);
  } finally {
    await factory.close();
  }
}

/** Engine errors arrive as plain objects or panics; turn them into an Error with a readable message. */
function engineError(error: unknown): Error {
  if (error instanceof WebAssembly.RuntimeError) {
    return new Error(`schema engine panicked: ${lastPanicMessage() || error.message}`, {
      cause: error,
    });
  }
  if (error instanceof Error) return error;
  if (typeof error === "object" && error !== null) {
    const record = error as { message?: unknown; error_code?: unknown };
    const message = typeof record.message === "string" ? record.message : JSON.stringify(error);
    const code = typeof record.error_code === "string" ? ` [${record.error_code}]` : "";
    return new Error(`schema engine error${code}: ${message}`, { cause: error });
  }
  return new Error(`schema engine error: ${String(error)}`);
}
