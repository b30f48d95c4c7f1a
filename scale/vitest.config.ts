import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * `npm run test:scale`: nginx + several `npm start` instances + their own PostgreSQL and Redis,
 * started per test file. Kept out of the default `vitest run` (it builds and starts real servers
 * and takes minutes); run it on its own, and only one at a time per machine.
 */
export default defineConfig({
  root,
  resolve: { alias: [{ find: /^@\//, replacement: root }] },
  test: {
    include: ["scale/**/*.test.ts"],
    globalSetup: ["scale/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
