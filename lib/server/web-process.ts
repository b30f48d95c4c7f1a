import { type ChildProcess, fork } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { GatewayControl } from "@/lib/gateway/control";
import { webFolder } from "./web-folder";
import {
  type GatewayMessage,
  isMessage,
  WEB_PROCESS_ENV,
  WEB_SOCKET_ENV,
  type WebMessage,
} from "./web-ipc";

export interface WebProcessOptions {
  /** The web process's script (dist/web.mjs). */
  script: string;
  /** This process's gateway, which the web process's calls (gateway-link.ts) reach. */
  control: GatewayControl;
  log: (line: string) => void;
  /** Settings the web process gets beside this process's environment (the database it uses). */
  env?: Record<string, string>;
  /** Node flags for the web process (tests run a TypeScript script: ["--import", "tsx"]). */
  execArgv?: string[];
}

const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The web process (server/web.ts: Next with the portal, admin, webhooks and the Stripe emulator),
 * forked by the gateway process and listening on a Unix socket in a private folder, so only this
 * process can reach it. A process of its own because Next patches process-wide functions and its
 * hooks slow every request once a page has rendered (npm run bench, "gateway while pages render").
 */
export class WebProcess {
  readonly socketPath: string;
  private readonly folder: string;
  private child: ChildProcess | null = null;
  private stopping = false;
  /** Restarts in a row that failed to listen: each waits twice as long as the one before. */
  private failedRestarts = 0;

  constructor(private readonly options: WebProcessOptions) {
    this.folder = webFolder(tmpdir());
    this.socketPath = path.join(this.folder, "web.sock");
  }

  /** Fork the web process; resolves when it listens, rejects if it exits first. */
  start(): Promise<void> {
    // A web process that was killed leaves its socket behind; listening again needs it gone.
    rmSync(this.socketPath, { force: true });
    const child = fork(this.options.script, [], {
      env: {
        ...process.env,
        ...this.options.env,
        [WEB_PROCESS_ENV]: "1",
        [WEB_SOCKET_ENV]: this.socketPath,
      },
      stdio: "inherit",
      execArgv: this.options.execArgv ?? [],
    });
    this.child = child;
    child.on("message", (message: unknown) => this.onMessage(child, message));
    return new Promise((resolve, reject) => {
      const onReady = (message: unknown) => {
        if (!isMessage<WebMessage>(message) || message.type !== "darwaza:web-ready") return;
        child.off("message", onReady);
        child.off("exit", onEarlyExit);
        child.once("exit", (code, signal) => this.onExit(code, signal));
        resolve();
      };
      const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) => {
        child.off("message", onReady);
        reject(new Error(`the web process exited while starting (${signal ?? `exit ${code}`})`));
      };
      child.on("message", onReady);
      child.once("exit", onEarlyExit);
    });
  }

  /** Ask the web process to finish its requests and exit; kill it if it has not after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      const stop: GatewayMessage = { type: "darwaza:web-stop" };
      if (child.connected) child.send(stop);
      else child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.folder, { recursive: true, force: true });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    this.options.log(
      `Darwaza: the web process died (${signal ?? `exit ${code}`}); starting another. API calls are not affected.`,
    );
    this.restart();
  }

  private restart(): void {
    const delay = Math.min(RESTART_DELAY_MS * 2 ** this.failedRestarts, MAX_RESTART_DELAY_MS);
    setTimeout(() => {
      if (this.stopping) return;
      this.start().then(
        () => {
          this.failedRestarts = 0;
        },
        (error: unknown) => {
          this.failedRestarts++;
          this.options.log(`Darwaza: ${error instanceof Error ? error.message : String(error)}`);
          this.restart();
        },
      );
    }, delay).unref();
  }

  private onMessage(child: ChildProcess, message: unknown): void {
    if (!isMessage<WebMessage>(message)) return;
    if (message.type === "darwaza:invalidate") {
      this.options.control.invalidate(message.change);
    } else if (message.type === "darwaza:ask") {
      const reply = (value: unknown) => {
        const answer: GatewayMessage = { type: "darwaza:answer", id: message.id, value };
        if (child.connected) child.send(answer);
      };
      if (message.query === "routing-status") void this.options.control.routingStatus().then(reply);
      else reply(null);
    }
  }
}
