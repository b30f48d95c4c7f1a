import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, waitForPort } from "./ports";

/**
 * deploy/nginx.conf itself — the example users deploy — with the instances' addresses and a
 * loopback port put in, wrapped in a minimal main config of its own (temp paths, pid, log) so it
 * runs next to anything else on the machine. The per-client connection cap is raised because
 * every test client connects from 127.0.0.1.
 */
export function siteConfig(root: string, listenPort: number, upstreamPorts: number[]): string {
  const source = readFileSync(path.join(root, "deploy", "nginx.conf"), "utf8");
  const servers = upstreamPorts
    .map((port) => `  server 127.0.0.1:${port} max_fails=3 fail_timeout=5s;`)
    .join("\n");
  const replaced = source
    .replace(/( {2}server app\d+:\d+[^\n]*\n)+/, `${servers}\n`)
    .replace(/listen 80;/, `listen 127.0.0.1:${listenPort};`)
    .replace(/limit_conn darwaza_per_ip \d+;/, "limit_conn darwaza_per_ip 4000;");
  if (
    !replaced.includes(`127.0.0.1:${upstreamPorts[0]}`) ||
    !replaced.includes(`listen 127.0.0.1:${listenPort}`)
  ) {
    throw new Error(
      "deploy/nginx.conf no longer has the `server appN:3000` / `listen 80` lines this harness replaces",
    );
  }
  return replaced;
}

function mainConfig(dir: string): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  return `daemon off;
worker_processes 1;
worker_rlimit_nofile 16384;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "error.log")} warn;
events { worker_connections 8192; }
http {
  access_log off;
  ${temp("client_body")}
  ${temp("proxy")}
  ${temp("fastcgi")}
  ${temp("uwsgi")}
  ${temp("scgi")}
  include ${path.join(dir, "darwaza.conf")};
}
`;
}

export class Nginx {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(root: string, upstreamPorts: number[]): Promise<Nginx> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "darwaza-scale-nginx-"));
    // Workers run as nobody when the master is root: they must be able to write the temp paths.
    chmodSync(dir, 0o777);
    for (const name of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
      mkdirSync(path.join(dir, name), { mode: 0o777 });
    const nginx = new Nginx(await freePort(), dir);
    writeFileSync(path.join(dir, "darwaza.conf"), siteConfig(root, nginx.port, upstreamPorts));
    writeFileSync(path.join(dir, "nginx.conf"), mainConfig(dir));
    const child = spawn(
      "nginx",
      ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")],
      {
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    nginx.child = child;
    await waitForPort(nginx.port, 10_000);
    return nginx;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  errorLog(): string {
    try {
      return readFileSync(path.join(this.dir, "error.log"), "utf8");
    } catch {
      return "";
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      // SIGQUIT: graceful; SIGTERM: fast. A test harness wants fast.
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
