import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  // The "@/…" imports of tsconfig.json's paths; a regex so that "@prisma/…" packages are untouched.
  resolve: { alias: [{ find: /^@\//, replacement: root }] },
  test: {
    include: [
      "lib/**/*.test.ts",
      "app/**/*.test.ts",
      "server/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    // Tests of the real `npm start` serve a production build: made once, before any test.
    globalSetup: ["lib/server/test-support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one Postgres server (and 2 cores): one file at a time.
    fileParallelism: false,
  },
});
