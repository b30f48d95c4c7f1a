import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

const PREFIX = "darwaza-web-";
const OWNED = /^darwaza-web-(\d+)-/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: a process of another user has that pid; only ESRCH says nobody has.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * The private folder of this process's web-process socket, in `directory` (the temporary one:
 * Unix socket paths are short, 108 bytes). It is named for this process, so that a folder left
 * by a gateway that was killed (SIGKILL, a crash: it could not remove its own, and its web
 * process left when it lost the gateway, server/web.ts) is told apart and removed here.
 */
export function webFolder(directory: string): string {
  let names: string[] = [];
  try {
    names = readdirSync(directory);
  } catch {
    // Unreadable: nothing to sweep; creating the folder below reports the real problem.
  }
  for (const name of names) {
    const owner = OWNED.exec(name);
    if (owner && !alive(Number(owner[1]))) {
      rmSync(path.join(directory, name), { recursive: true, force: true });
    }
  }
  return mkdtempSync(path.join(directory, `${PREFIX}${process.pid}-`));
}
