import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { FASHION_MNIST_CLASSES, imageDatasetFromIdx } from "../data.js";
import type { ImageDataset } from "../data.js";

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

const gunzipAsync = promisify(gunzip);

/** Loads Fashion-MNIST's four IDX files from `dir`, gzipped (`*.gz`, as distributed) or not. */
export async function loadFashionMnist(
  dir: string = process.env.NETC_DATA ?? DEFAULT_FASHION_MNIST_DIR,
): Promise<{ train: ImageDataset; test: ImageDataset }> {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    readIdxFile(dir, "train-images-idx3-ubyte"),
    readIdxFile(dir, "train-labels-idx1-ubyte"),
    readIdxFile(dir, "t10k-images-idx3-ubyte"),
    readIdxFile(dir, "t10k-labels-idx1-ubyte"),
  ]);
  return {
    train: imageDatasetFromIdx(trainImages, trainLabels, FASHION_MNIST_CLASSES),
    test: imageDatasetFromIdx(testImages, testLabels, FASHION_MNIST_CLASSES),
  };
}

async function readIdxFile(dir: string, name: string): Promise<Uint8Array> {
  for (const fileName of [`${name}.gz`, name]) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, fileName));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    // Recognise gzip by its magic bytes, not by name, so a decompressed `.gz` still loads.
    const contents = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzipAsync(bytes) : bytes;
    // A plain Uint8Array view: Buffer's slice() shares memory where Uint8Array's copies.
    return new Uint8Array(contents.buffer, contents.byteOffset, contents.byteLength);
  }
  throw new DatasetNotFoundError(dir);
}
