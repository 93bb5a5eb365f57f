import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMetricsLine, parseMetricsLines } from "../../runtime/index.js";
import { checkWritable, makeFolder, UnwritableTargetError, writeFileAtomic } from "../../runtime/node/index.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "netc-files-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("creates the parent directory, replaces the content and leaves no temporary file", async () => {
    const path = join(dir, "nested", "deeper", "model.safetensors");
    await writeFileAtomic(path, Uint8Array.of(1, 2, 3, 4));
    expect([...(await readFile(path))]).toEqual([1, 2, 3, 4]);
    await writeFileAtomic(path, "replaced");
    expect(await readFile(path, "utf8")).toBe("replaced");
    expect(await readdir(join(dir, "nested", "deeper"))).toEqual(["model.safetensors"]);
  });

  it("leaves the old file and no temporary file when the write fails", async () => {
    const path = join(dir, "kept.txt");
    await writeFile(path, "old");
    // A string that is not a valid write: it fails after the temporary file was created.
    await expect(writeFileAtomic(path, 42 as unknown as string)).rejects.toThrow();
    expect(await readFile(path, "utf8")).toBe("old");
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("follows a symbolic link: replaces the file it points to, in that file's folder, and keeps the link", async () => {
    const real = join(dir, "real-folder");
    const links = join(dir, "link-folder");
    await writeFileAtomic(join(real, "weights.st"), "old");
    await writeFileAtomic(join(links, "placeholder"), "");
    await symlink("../real-folder/weights.st", join(links, "weights.st"));
    await symlink("weights.st", join(links, "link-to-link.st"));
    await writeFileAtomic(join(links, "link-to-link.st"), "new");
    expect((await lstat(join(links, "weights.st"))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(links, "link-to-link.st"))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(real, "weights.st"), "utf8")).toBe("new");
    expect((await readdir(links)).sort()).toEqual(["link-to-link.st", "placeholder", "weights.st"]);
    expect(await readdir(real)).toEqual(["weights.st"]);
    // A link to nothing yet: the file it names is created.
    await symlink("../real-folder/created.st", join(links, "dangling.st"));
    await writeFileAtomic(join(links, "dangling.st"), "created");
    expect(await readFile(join(real, "created.st"), "utf8")).toBe("created");
  });

  it("resolves each link of a chain against its own folder, not the first link's", async () => {
    // a/link1 -> ../b/link2, and b/link2 -> real.txt, which is b/real.txt (an a/real.txt would be wrong).
    const chain = join(dir, "chain");
    const [a, b] = [join(chain, "a"), join(chain, "b")];
    await writeFileAtomic(join(a, "placeholder"), "");
    await writeFileAtomic(join(b, "real.txt"), "old");
    await symlink("../b/link2", join(a, "link1"));
    await symlink("real.txt", join(b, "link2"));
    const expected = realpathSync(join(a, "link1"));
    expect(expected).toBe(realpathSync(join(b, "real.txt")));
    await writeFileAtomic(join(a, "link1"), "new");
    expect(await readFile(expected, "utf8")).toBe("new");
    expect((await lstat(join(a, "link1"))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(b, "link2"))).isSymbolicLink()).toBe(true);
    expect((await readdir(a)).sort()).toEqual(["link1", "placeholder"]);
    expect((await readdir(b)).sort()).toEqual(["link2", "real.txt"]);
  });

  it("refuses a fifo, a directory and a loop of links, leaving them as they were and no temporary file", async () => {
    const folder = join(dir, "refused");
    await writeFileAtomic(join(folder, "a-directory", "inner"), "x");
    const fifo = join(folder, "fifo");
    execFileSync("mkfifo", [fifo]);
    await symlink("fifo", join(folder, "link-to-fifo"));
    await symlink("loop", join(folder, "loop"));
    const cases: [string, string][] = [
      [fifo, "a fifo, not a regular file"],
      [join(folder, "link-to-fifo"), "a fifo, not a regular file"],
      [join(folder, "a-directory"), "a directory"],
      [join(folder, "loop"), "a loop of symbolic links"],
    ];
    for (const [path, reason] of cases) {
      for (const attempt of [() => writeFileAtomic(path, "new"), () => checkWritable(path)]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error, path).toBeInstanceOf(UnwritableTargetError);
        expect((error as UnwritableTargetError).message).toBe(`cannot write ${path} (${reason})`);
      }
    }
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    expect((await lstat(join(folder, "link-to-fifo"))).isSymbolicLink()).toBe(true);
    expect(await readdir(join(folder, "a-directory"))).toEqual(["inner"]);
    expect((await readdir(folder)).sort()).toEqual(["a-directory", "fifo", "link-to-fifo", "loop"]);
  });

  it("keeps the permissions of the file it replaces", async () => {
    const path = join(dir, "private.st");
    await writeFile(path, "old", { mode: 0o600 });
    await chmod(path, 0o600);
    await writeFileAtomic(path, "new");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("keeps the set-group-id bit of the file it replaces", async () => {
    const path = join(dir, "shared.st");
    await writeFile(path, "old");
    await chmod(path, 0o2750);
    await writeFileAtomic(path, "new");
    expect((await stat(path)).mode & 0o7777).toBe(0o2750);
  });
});

describe("checkWritable and makeFolder", () => {
  it("create the folder and leave nothing else behind", async () => {
    const path = join(dir, "checked", "deeper", "model.safetensors");
    await checkWritable(path);
    expect(await readdir(join(dir, "checked", "deeper"))).toEqual([]);
    await makeFolder(join(dir, "checked", "deeper"));
    await makeFolder(join(dir, "made", "a", "b"));
    expect((await stat(join(dir, "made", "a", "b"))).isDirectory()).toBe(true);
  });

  it("refuse a folder where a file is", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "x");
    await expect(makeFolder(file)).rejects.toMatchObject({ code: "EEXIST" });
  });

  it("fail, not hang, where the system refuses a new file or folder in a folder that exists (/proc)", async () => {
    // Node's mkdir({recursive: true}) loops forever on /proc/netc-test.
    await expect(makeFolder("/proc/netc-test/out")).rejects.toMatchObject({ code: "ENOENT" });
    await expect(checkWritable("/proc/netc-test.st")).rejects.toMatchObject({ code: "ENOENT" });
    await expect(writeFileAtomic("/proc/netc-test/model.st", "x")).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("metrics logs", () => {
  it("formats records as single JSON lines with a fixed key order", () => {
    expect(formatMetricsLine({ time: 1.5, imagesPerSecond: 1000, trainLoss: 0.25, step: 10, epoch: 1 })).toBe(
      '{"epoch":1,"step":10,"trainLoss":0.25,"imagesPerSecond":1000,"time":1.5}\n',
    );
  });

  it("formats records that read back the same, a diverged loss as NaN", () => {
    const first = {
      epoch: 1,
      step: 235,
      trainLoss: 0.5,
      trainAcc: 0.8,
      testAcc: 0.79,
      imagesPerSecond: 12_000,
      time: 4.2,
    };
    const second = { epoch: 2, step: 470, trainLoss: NaN, imagesPerSecond: 11_000, time: 8.4 };
    expect(parseMetricsLines(formatMetricsLine(first) + formatMetricsLine(second))).toEqual([first, second]);
  });

  it("reads a log whose lines end in CRLF, a blank line at its end included", () => {
    const first = { epoch: 1, step: 10, trainLoss: 0.5, imagesPerSecond: 100, time: 1 };
    const second = { epoch: 2, step: 20, trainLoss: 0.25, imagesPerSecond: 110, time: 2 };
    const crlf = (formatMetricsLine(first) + formatMetricsLine(second)).replaceAll("\n", "\r\n") + "\r\n";
    expect(parseMetricsLines(crlf)).toEqual([first, second]);
    expect(parseMetricsLines(`${formatMetricsLine(first)}  \n\t\n${formatMetricsLine(second)}`)).toEqual([
      first,
      second,
    ]);
  });

  it("names the line of a malformed record", () => {
    expect(() => parseMetricsLines('{"epoch":1,"step":1,"trainLoss":1,"imagesPerSecond":1,"time":0}\n{oops')).toThrow(
      "metrics line 2 is not JSON: {oops",
    );
    expect(() => parseMetricsLines('{"epoch":1,"step":1,"trainLoss":"1","imagesPerSecond":1,"time":0}')).toThrow(
      'metrics line 1: "trainLoss" must be a number',
    );
    expect(() => parseMetricsLines('{"epoch":1,"step":1,"trainLoss":1,"imagesPerSecond":1}')).toThrow(
      'metrics line 1: "time" is missing',
    );
  });
});
