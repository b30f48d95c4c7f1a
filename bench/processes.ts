import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

export { freePort } from "../scale/support/ports";

export interface Running {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Start a server process and wait until `readyUrl` answers 200 (or fail after `timeoutMs`). */
export async function startProcess(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  readyUrl: string,
  timeoutMs = 120_000,
  ready: (status: number) => boolean = (status) => status === 200,
): Promise<Running> {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Never leave a server behind: it would skew every later measurement on this shared machine.
  const killChild = () => child.kill("SIGKILL");
  process.once("exit", killChild);
  child.once("exit", () => process.off("exit", killChild));
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${output}`);
    try {
      if (ready((await fetch(readyUrl)).status)) break;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  if (Date.now() - started >= timeoutMs)
    throw new Error(`${name} did not become ready:\n${output}`);
  return {
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
