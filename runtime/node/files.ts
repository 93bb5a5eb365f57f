import { randomBytes } from "node:crypto";
import { type Stats } from "node:fs";
import { lstat, mkdir, open, readlink, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/** A path the atomic write refuses: something other than a regular file is there. */
export class UnwritableTargetError extends Error {
  override name = "UnwritableTargetError";
  constructor(
    readonly path: string,
    /** What is in the way, for a message: "a directory", "a fifo", ... */
    readonly reason: string,
  ) {
    super(`cannot write ${path} (${reason})`);
  }
}

/** As many links as Linux follows before ELOOP. */
const MAX_LINKS = 40;

/**
 * Replaces `path` with `data` so that readers see the old file or the new one, never a part:
 * write a temporary file beside it, flush it to disk, then rename it over the target. A symbolic
 * link is followed (the file it points to is replaced, the link kept); anything at the end that
 * is not a regular file (a directory, device, fifo or socket) is refused, never replaced.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const { target, existing } = await regularFileTarget(path);
  await makeFolder(dirname(target));
  const temporary = temporaryBeside(target);
  try {
    const file = await open(temporary, "wx");
    try {
      // A replaced file keeps its permissions.
      if (existing) await file.chmod(existing.mode & 0o7777);
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Checks that writeFileAtomic(path) could succeed, by creating and removing a file where it
 * would write its temporary one; creates the folder, like writeFileAtomic. For a long job that
 * writes its outputs at the end: a path it cannot write fails at once.
 */
export async function checkWritable(path: string): Promise<void> {
  const { target } = await regularFileTarget(path);
  await makeFolder(dirname(target));
  const probe = temporaryBeside(target);
  await (await open(probe, "wx")).close();
  await rm(probe);
}

/**
 * Creates `folder` and any parents missing, like `mkdir -p`. Not mkdir's `recursive`: Node 20's
 * loops forever where the system answers ENOENT for a parent that exists (a folder in /proc).
 */
export async function makeFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" && (await stat(folder)).isDirectory()) return;
    const parent = dirname(folder);
    if (code !== "ENOENT" || parent === folder) throw error;
    await makeFolder(parent);
    await mkdir(folder);
  }
}

/** The file a write to `path` lands in, after its links, and its stats where it exists. */
async function regularFileTarget(path: string): Promise<{ target: string; existing?: Stats }> {
  let target = path;
  for (let links = 0; links <= MAX_LINKS; links++) {
    let stats: Stats;
    try {
      stats = await lstat(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { target };
      throw error;
    }
    if (stats.isFile()) return { target, existing: stats };
    if (!stats.isSymbolicLink()) throw new UnwritableTargetError(path, describeNonFile(stats));
    target = resolve(dirname(target), await readlink(target));
  }
  throw new UnwritableTargetError(path, "a loop of symbolic links");
}

function describeNonFile(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a fifo, not a regular file";
  if (stats.isSocket()) return "a socket, not a regular file";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device, not a regular file";
  return "not a regular file";
}

function temporaryBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
}
