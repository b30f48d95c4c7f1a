import path from "node:path";
import { buildIfNeeded } from "@/lib/server/build";

/** Build once for the whole run: the instances are started with DARWAZA_SKIP_BUILD=1. */
export default function setup(): void {
  buildIfNeeded(path.resolve(import.meta.dirname, ".."), (line) => console.log(line));
}
