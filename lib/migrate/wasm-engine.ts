import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * Loads Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm).
 *
 * Why by hand: the package's entry does `import * as wasm from "./schema_engine_bg.wasm"`, which
 * needs the WebAssembly/ESM integration that Node 20 lacks. The `_bg.js` glue exports every
 * import the module needs plus `__wbg_set_wasm`, so we compile the .wasm ourselves, give it the
 * glue as its import object, hand the exports back to the glue and run the start function —
 * exactly what the entry file would have done.
 */

export type SchemaEngineBindings = typeof bindings;

/** Exports of the instantiated module that the glue and we call directly. */
interface WasmExports {
  __wbindgen_start(): void;
}

/** The glue reports Rust panics through this global (the Prisma CLI installs the same one). */
interface PanicRegistry {
  set_message(message: string): void;
  get(): string;
}

declare global {
  // A global declared for the wasm glue: `declare global` only accepts `var` here.
  var PRISMA_WASM_PANIC_REGISTRY: PanicRegistry | undefined;
}

function installPanicRegistry(): void {
  if (globalThis.PRISMA_WASM_PANIC_REGISTRY) return;
  let message = "";
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(text: string) {
      message = `RuntimeError: ${text}`;
    },
    get() {
      return message;
    },
  };
}

/** The message of the last Rust panic, if any (a panic surfaces as an opaque RuntimeError). */
export function lastPanicMessage(): string {
  return globalThis.PRISMA_WASM_PANIC_REGISTRY?.get() ?? "";
}

function wasmPath(): string {
  // The package's "exports" do not list the .wasm, but it sits beside the glue, which they do list.
  const require = createRequire(import.meta.url);
  const glue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  return path.join(path.dirname(glue), "schema_engine_bg.wasm");
}

type Callback = () => void;

/**
 * The glue's imports, with the engine's timers unref'd.
 *
 * Why: the engine races some database calls against timeouts (10 s around its advisory lock in
 * applyMigrations) and never clears the timer when the call wins, so a short script would linger
 * 10 s after its work. While the engine works, its open pg connections keep Node running anyway.
 * The import's name carries a build hash, hence the lookup by prefix.
 */
function withUnrefTimers(glue: SchemaEngineBindings): WebAssembly.ModuleImports {
  const imports: WebAssembly.ModuleImports = { ...glue };
  for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
    imports[name] = (callback: Callback, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  return imports;
}

let loading: Promise<SchemaEngineBindings> | undefined;

/**
 * The glue module, bound to an instantiated engine. Instantiated once per process: the glue keeps
 * the instance in a module variable and `__wbindgen_start` must run only once.
 */
export function loadSchemaEngine(): Promise<SchemaEngineBindings> {
  loading ??= (async () => {
    installPanicRegistry();
    const bytes = await readFile(wasmPath());
    const imports: WebAssembly.Imports = { "./schema_engine_bg.js": withUnrefTimers(bindings) };
    const { instance } = await WebAssembly.instantiate(bytes, imports);
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as unknown as WasmExports).__wbindgen_start();
    return bindings;
  })();
  // A failed load (missing file) must not poison every later call.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
