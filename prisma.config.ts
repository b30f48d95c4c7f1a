import { defineConfig } from "prisma/config";

// Prisma 7's CLI insists on a schema-engine binary before `generate`/`validate`/`format`, and
// downloads one when missing — impossible offline. `generate` never runs it, so any existing file
// satisfies the check. Migrations run through the WebAssembly engine instead (lib/migrate/).
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/darwaza" },
});
