import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { waitForPort } from "./ports";

export interface InstanceOptions {
  name: string;
  port: number;
  root: string;
  /** Folder for this instance's log and data (spilled usage, secret). */
  dir: string;
  env: NodeJS.ProcessEnv;
}

/**
 * One Darwaza instance, as `npm start` runs it (node server/start.mjs), but without npm: npm puts
 * a parent process in between, and a test that sends SIGTERM or SIGKILL must reach the server
 * itself and read its own exit code.
 */
export class Instance {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  private output = "";

  constructor(readonly options: InstanceOptions) {}

  get port(): number {
    return this.options.port;
  }

  get name(): string {
    return this.options.name;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything the instance printed so far (for assertions and failure messages). */
  get log(): string {
    return this.output;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const { root, dir, port, env } = this.options;
    mkdirSync(dir, { recursive: true });
    const file = createWriteStream(path.join(dir, "instance.log"), { flags: "a" });
    const child = spawn(process.execPath, ["server/start.mjs"], {
      cwd: root,
      env: {
        ...env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DARWAZA_DATA_DIR: path.join(dir, "data"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const collect = (chunk: Buffer) => {
      file.write(chunk);
      this.output += chunk.toString();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    const failed = this.exited.then((code) => {
      throw new Error(`${this.name} exited (${code}) while starting:\n${this.output.slice(-3000)}`);
    });
    await Promise.race([this.ready(timeoutMs), failed]);
    failed.catch(() => {});
  }

  private async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes("Darwaza: ready on")) {
      if (Date.now() > deadline)
        throw new Error(
          `${this.name} not ready after ${timeoutMs} ms:\n${this.output.slice(-3000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitForPort(this.port, 5_000);
  }

  /** The server's process id (the cluster primary when DARWAZA_WORKERS > 1). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** The exit code (null when killed by a signal), once the process has ended. */
  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  async stop(): Promise<number | null> {
    if (!this.running) return this.exited;
    this.signal("SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), 30_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
