import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { webFolder } from "./web-folder";

const directory = mkdtempSync(path.join(tmpdir(), "darwaza-web-folder-test-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The pid of a process that has run and exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("the web process's folder", () => {
  it("is named for this process and removes only the folders of processes that are gone", () => {
    const gone = path.join(directory, `darwaza-web-${deadPid()}-abc123`);
    mkdirSync(gone);
    writeFileSync(path.join(gone, "web.sock"), "");
    const ours = path.join(directory, `darwaza-web-${process.pid}-def456`);
    const unnamed = path.join(directory, "darwaza-web-Xy12Zq"); // an older gateway's: unknown owner
    const other = path.join(directory, "something-else");
    for (const folder of [ours, unnamed, other]) mkdirSync(folder);

    const created = webFolder(directory);

    expect(path.basename(created)).toMatch(new RegExp(`^darwaza-web-${process.pid}-`));
    expect(existsSync(created)).toBe(true);
    expect(existsSync(gone)).toBe(false);
    expect(readdirSync(directory).sort()).toEqual(
      [created, ours, unnamed, other].map((folder) => path.basename(folder)).sort(),
    );
  });
});
