import { spawnSync } from "node:child_process";

/** Run a command to completion; throws with its output when it fails. */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): string {
  const result = spawnSync(command, args, { encoding: "utf8", env: options.env ?? process.env });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Run as the `postgres` system user when we are root (PostgreSQL refuses to run as root). */
export function runAsPostgres(command: string, args: string[]): string {
  if (process.getuid?.() !== 0) return run(command, args);
  return run("runuser", ["-u", "postgres", "--", command, ...args]);
}
