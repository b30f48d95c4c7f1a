import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The import graph of lib/, server/ and app/ (tsconfig's "@/" alias resolved): no cycles, and no
 * import upward across the layers server/ → app/ → lib/server → lib/<feature> → lib/db,
 * lib/config. Type-only and dynamic imports count too. Needs no database; on its own it runs in
 * seconds (the global setup's build is for the tests that start npm start):
 * `DARWAZA_SKIP_BUILD=1 npx vitest run scripts/import-graph.test.ts`.
 */

/** A folder is a path prefix ending in "/"; `toPackages` are npm package names. */
interface Rule {
  name: string;
  why: string;
  from: string[];
  /** Importers under these prefixes are exempt. */
  exceptFrom?: string[];
  to?: string[];
  /** Imports under these prefixes are allowed after all (a folder importing itself). */
  allow?: string[];
  toPackages?: string[];
  /** Also through other modules: `from` must not reach `toPackages` by any chain of imports. */
  transitive?: boolean;
}

const RULES: Rule[] = [
  {
    name: "lib imports neither app/ nor server/",
    why: "app/ and server/ mount lib; importing them back would tie lib to one way of serving it",
    from: ["lib/"],
    to: ["app/", "server/"],
  },
  {
    name: "app imports no server/",
    why: "server/ hosts app under npm start, while next dev serves app without it",
    from: ["app/"],
    to: ["server/"],
  },
  {
    name: "lib/gateway imports no web-side feature, no process plumbing and no services holder",
    why: "the gateway core is mounted by both processes and by route handlers, which build it and hand it what it needs",
    from: ["lib/gateway/"],
    to: [
      "lib/auth/",
      "lib/admin/",
      "lib/portal/",
      "lib/billing/",
      "lib/http/",
      "lib/audit/",
      "lib/credit/",
      "lib/server/",
      "lib/services/",
    ],
  },
  {
    name: "lib/gateway loads no Next and no React",
    why: "the gateway process's bundle must not load Next (README: How the parts fit)",
    from: ["lib/gateway/"],
    toPackages: ["next", "next-auth", "react", "react-dom"],
    transitive: true,
  },
  {
    name: "lib/config imports nothing else of ours",
    why: "every layer reads settings; config reading any of them would make a loop",
    from: ["lib/config/"],
    to: ["lib/"],
    allow: ["lib/config/"],
  },
  {
    name: "lib/db imports only lib/config",
    why: "the database client is the floor every feature stands on",
    from: ["lib/db/"],
    to: ["lib/"],
    allow: ["lib/db/", "lib/config/"],
  },
  {
    name: "the migration runner is self-contained",
    why: "it runs before anything else exists (npm run db:migrate, npm start) and is its own room",
    from: ["lib/migrate/"],
    to: ["lib/"],
    allow: ["lib/migrate/"],
  },
  {
    name: "the Stripe emulator is self-contained",
    why: "a stand-in for Stripe's API, mounted by the app in one place; it knows nothing of billing",
    from: ["lib/stripe-emulator/"],
    to: ["lib/"],
    allow: ["lib/stripe-emulator/"],
  },
  {
    name: "lib/pricing stands below the gateway",
    why: "the gateway prices calls with it, and the console edits it: it must know neither",
    from: ["lib/pricing/"],
    to: ["lib/gateway/", "lib/admin/", "lib/server/"],
  },
  {
    name: "lib/<feature> does not import lib/server",
    why: "lib/server is the process plumbing that wires the features together, above them",
    from: ["lib/"],
    exceptFrom: ["lib/server/"],
    to: ["lib/server/"],
  },
];

/**
 * Tests exercise a layer from above (an integration test may start npm start), so the layer
 * rules judge the modules that ship; cycles are judged for every file.
 */
const TEST_FILE = /(\.test\.tsx?|\/test-support\/.*)$/;

const ROOTS = ["lib", "server", "app"];
const root = path.resolve(import.meta.dirname, "..");

interface MadgeResult {
  obj(): Record<string, string[]>;
  circular(): string[][];
  warnings(): { skipped: string[] };
}
type Madge = (paths: string[], config: Record<string, unknown>) => Promise<MadgeResult>;
// madge ships no types: the three methods used here.
const madge = createRequire(import.meta.url)("madge") as Madge;

async function importGraph() {
  const result = await madge(
    ROOTS.map((dir) => path.join(root, dir)),
    {
      baseDir: root,
      fileExtensions: ["ts", "tsx", "mts", "mjs", "js"],
      tsConfig: path.join(root, "tsconfig.json"),
      includeNpm: true,
      // Prisma's generated client (a cycle of its own); npm packages stay leaves of the graph.
      excludeRegExp: [/^lib\/generated\//],
    },
  );
  return { graph: result.obj(), cycles: result.circular(), unresolved: result.warnings().skipped };
}

/** "node_modules/@types/react/index.d.ts" → "react"; "node_modules/next/server.d.ts" → "next". */
function packageOf(dependency: string): string | null {
  const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(dependency);
  if (!match) return null;
  return match[1].startsWith("@types/") ? match[1].slice("@types/".length) : match[1];
}

const under = (file: string, prefixes: string[] = []) => prefixes.some((p) => file.startsWith(p));

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** The first chain of imports from `start` to a module importing one of `packages`, per such module. */
function chainsToPackages(
  graph: Record<string, string[]>,
  start: string[],
  packages: string[],
): string[][] {
  const cameFrom = new Map<string, string | null>(start.map((file) => [file, null]));
  const queue = [...start];
  const chains: string[][] = [];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const to of graph[file] ?? []) {
      const pkg = packageOf(to);
      if (pkg && packages.includes(pkg) && !start.includes(file)) {
        const chain = [pkg];
        for (let at: string | null | undefined = file; at; at = cameFrom.get(at)) chain.unshift(at);
        chains.push(chain);
      }
      if (!pkg && !TEST_FILE.test(to) && !cameFrom.has(to)) {
        cameFrom.set(to, file);
        queue.push(to);
      }
    }
  }
  return chains;
}

function violations(graph: Record<string, string[]>, rules: Rule[]): Violation[] {
  const found: Violation[] = [];
  for (const rule of rules.filter((r) => r.transitive && r.toPackages)) {
    const start = Object.keys(graph).filter(
      (file) => under(file, rule.from) && !under(file, rule.exceptFrom) && !TEST_FILE.test(file),
    );
    for (const chain of chainsToPackages(graph, start, rule.toPackages ?? [])) {
      found.push({ rule: rule.name, from: chain[0], to: chain.slice(1).join(" → ") });
    }
  }
  for (const [from, dependencies] of Object.entries(graph)) {
    if (TEST_FILE.test(from)) continue;
    for (const rule of rules) {
      if (!under(from, rule.from) || under(from, rule.exceptFrom)) continue;
      for (const to of dependencies) {
        const pkg = packageOf(to);
        const broken = pkg
          ? (rule.toPackages ?? []).includes(pkg)
          : under(to, rule.to) && !under(to, rule.allow);
        if (broken) found.push({ rule: rule.name, from, to: pkg ?? to });
      }
    }
  }
  return found;
}

describe("the import graph", () => {
  let graph: Record<string, string[]> = {};
  let cycles: string[][] = [];
  let unresolved: string[] = [];

  beforeAll(async () => {
    ({ graph, cycles, unresolved } = await importGraph());
  }, 60_000);

  it("is read from every folder, every import of ours resolved", () => {
    for (const dir of ROOTS)
      expect(Object.keys(graph).some((f) => f.startsWith(`${dir}/`))).toBe(true);
    // An import madge cannot resolve would drop out of the graph, and out of every rule.
    expect(unresolved.filter((spec) => spec.startsWith(".") || spec.startsWith("@/"))).toEqual([]);
  });

  it("has no cycles", () => {
    const lines = cycles.map((cycle) => `cycle: ${[...cycle, cycle[0]].join(" → ")}`);
    if (lines.length) console.error(lines.join("\n"));
    expect(lines).toEqual([]);
  });

  it("has no upward imports", () => {
    const lines = violations(graph, RULES).map((v) => `${v.from} → ${v.to}   (${v.rule})`);
    if (lines.length) console.error(lines.join("\n"));
    expect(lines).toEqual([]);
  });

  it("judges its rules: an upward import is caught, a sideways one is not", () => {
    const sample = {
      "lib/gateway/pipeline/handle.ts": ["lib/server/process-role.ts", "lib/gateway/errors.ts"],
      "lib/gateway/endpoints/chat.ts": ["node_modules/@types/react/index.d.ts"],
      "lib/db/client.ts": ["lib/config/env.ts"],
      "lib/keys/create.ts": ["lib/db/client.ts"],
      "lib/gateway/auth/lookup.ts": ["lib/keys/create.ts", "lib/keys/page.ts"],
      "lib/keys/page.ts": ["node_modules/next/navigation.d.ts"],
    };
    expect(violations(sample, RULES)).toEqual([
      {
        rule: "lib/gateway loads no Next and no React",
        from: "lib/gateway/auth/lookup.ts",
        to: "lib/keys/page.ts → next",
      },
      {
        rule: "lib/gateway imports no web-side feature, no process plumbing and no services holder",
        from: "lib/gateway/pipeline/handle.ts",
        to: "lib/server/process-role.ts",
      },
      {
        rule: "lib/<feature> does not import lib/server",
        from: "lib/gateway/pipeline/handle.ts",
        to: "lib/server/process-role.ts",
      },
      {
        rule: "lib/gateway loads no Next and no React",
        from: "lib/gateway/endpoints/chat.ts",
        to: "react",
      },
    ]);
  });
});
