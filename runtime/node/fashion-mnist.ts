import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { FASHION_MNIST_CLASSES, IdxError, imageDatasetFromIdx, parseIdx } from "../data.js";
import type { IdxArray, ImageDataset } from "../data.js";

export const DEFAULT_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

export class DatasetNotFoundError extends Error {
  override name = "DatasetNotFoundError";
  constructor(readonly directory: string) {
    super(
      `Fashion-MNIST not found in ${directory}: install it with \`apt-get install dataset-fashion-mnist\` ` +
        "(scripts/setup-system.sh does) or pass --data DIR",
    );
  }
}

/** A dataset file that is there but cannot be read as Fashion-MNIST: which file, why, and what to do. */
export class DatasetFileError extends Error {
  override name = "DatasetFileError";
  constructor(files: string, problem: string) {
    super(
      `${files}: ${problem}: restore Fashion-MNIST's files (\`apt-get install --reinstall dataset-fashion-mnist\`) ` +
        "or pass --data DIR",
    );
  }
}

const gunzipAsync = promisify(gunzip);

/** Loads Fashion-MNIST's four IDX files from `dir`, gzipped (`*.gz`, as distributed) or not. */
export async function loadFashionMnist(
  dir: string = process.env["NETC_DATA"] ?? DEFAULT_FASHION_MNIST_DIR,
): Promise<{ train: ImageDataset; test: ImageDataset }> {
  const [train, test] = await Promise.all([loadSplit(dir, "train"), loadSplit(dir, "t10k")]);
  return { train, test };
}

async function loadSplit(dir: string, split: "train" | "t10k"): Promise<ImageDataset> {
  const [images, labels] = await Promise.all([
    readIdxFile(dir, `${split}-images-idx3-ubyte`),
    readIdxFile(dir, `${split}-labels-idx1-ubyte`),
  ]);
  try {
    return imageDatasetFromIdx(images.idx, labels.idx, FASHION_MNIST_CLASSES);
  } catch (error) {
    if (error instanceof IdxError) throw new DatasetFileError(`${images.path} and ${labels.path}`, error.message);
    throw error;
  }
}

async function readIdxFile(dir: string, name: string): Promise<{ path: string; idx: IdxArray }> {
  for (const fileName of [`${name}.gz`, name]) {
    const path = join(dir, fileName);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    try {
      // Recognise gzip by its magic bytes, not by name, so a decompressed `.gz` still loads.
      const contents = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzipAsync(bytes) : bytes;
      // A plain Uint8Array view: Buffer's slice() shares memory where Uint8Array's copies.
      return { path, idx: parseIdx(new Uint8Array(contents.buffer, contents.byteOffset, contents.byteLength)) };
    } catch (error) {
      if (error instanceof IdxError) throw new DatasetFileError(path, error.message);
      // zlib's errors (a truncated or corrupt gzip stream) carry codes such as Z_BUF_ERROR.
      if (typeof (error as NodeJS.ErrnoException).code === "string") {
        throw new DatasetFileError(path, `cannot decompress it (${(error as Error).message})`);
      }
      throw error;
    }
  }
  throw new DatasetNotFoundError(dir);
}
