import type pg from "pg";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { buildServices, type Services } from "./services";

export { buildServices, type Services, type ServicesOptions } from "./services";

/**
 * The one process-global holder: Next bundles route handlers, server actions and the custom
 * server apart (separate module instances in one process), so what the composition root built
 * must be found through globalThis. Nothing else in lib/ keeps state on globalThis.
 */
const HOLDER = Symbol.for("darwaza.services");
type Holder = { [HOLDER]?: Services };

/** The process's services: those its root provided, else (`next dev`, tests) built from env. */
export function services(): Services {
  const holder = globalThis as Holder;
  holder[HOLDER] ??= buildServices();
  return holder[HOLDER];
}

/** Called by a composition root (or a test) before anything asks; returns what it replaces. */
export function provideServices(next: Services | undefined): Services | undefined {
  const holder = globalThis as Holder;
  const previous = holder[HOLDER];
  if (next) holder[HOLDER] = next;
  else delete holder[HOLDER];
  return previous;
}

/** Close the process's services (if any were built) and forget them. */
export async function closeServices(timeoutMs?: number): Promise<void> {
  const current = provideServices(undefined);
  await current?.close(timeoutMs);
}

/** Prisma, for everything but the hot bulk paths. */
export function db(): PrismaClient {
  return services().database.prisma;
}

/** The raw pg pool, for batched writes and hand-tuned queries. */
export function pool(): pg.Pool {
  return services().database.pool;
}
