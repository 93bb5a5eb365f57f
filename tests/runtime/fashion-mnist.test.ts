import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FASHION_MNIST_CLASSES } from "../../runtime/index.js";
import { DatasetFileError, DatasetNotFoundError, loadFashionMnist } from "../../runtime/node/index.js";

describe("loadFashionMnist on the real dataset", () => {
  it("loads 60000 + 10000 images of 28×28 with the known first labels and pixel sums", async () => {
    const { train, test } = await loadFashionMnist("/usr/share/datasets/fashion-mnist");
    expect(train).toMatchObject({ count: 60_000, rows: 28, cols: 28 });
    expect(test).toMatchObject({ count: 10_000, rows: 28, cols: 28 });
    expect(train.images.length).toBe(60_000 * 784);
    expect(train.classes).toBe(FASHION_MNIST_CLASSES);
    // First labels and sums checked independently with Python's gzip + struct.
    expect([...train.labels.subarray(0, 10)]).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect([...test.labels.subarray(0, 10)]).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect(train.classes[train.labels[0]!]).toBe("ankle boot");
    expect(train.images.reduce((sum, pixel) => sum + pixel, 0)).toBe(3_431_114_169);
    expect(test.images.reduce((sum, pixel) => sum + pixel, 0)).toBe(573_469_082);
    expect(train.labels.reduce((sum, label) => sum + label, 0)).toBe(6000 * 45); // 6000 per class
  });
});

describe("loadFashionMnist on a small copy", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "netc-fmnist-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const idx = (dataType: number, shape: number[], data: number[]) => {
    const header = [0, 0, dataType, shape.length];
    for (const size of shape) header.push(0, 0, size >> 8, size & 255);
    return Uint8Array.from([...header, ...data]);
  };

  it("reads gzipped and plain files alike", async () => {
    await writeFile(join(dir, "train-images-idx3-ubyte.gz"), gzipSync(idx(8, [2, 1, 1], [5, 6])));
    await writeFile(join(dir, "train-labels-idx1-ubyte"), idx(8, [2], [1, 2]));
    await writeFile(join(dir, "t10k-images-idx3-ubyte"), idx(8, [1, 1, 1], [7]));
    await writeFile(join(dir, "t10k-labels-idx1-ubyte.gz"), gzipSync(idx(8, [1], [3])));
    const { train, test } = await loadFashionMnist(dir);
    expect([...train.images]).toEqual([5, 6]);
    expect([...train.labels]).toEqual([1, 2]);
    expect([...test.images]).toEqual([7]);
    expect([...test.labels]).toEqual([3]);
    expect(Buffer.isBuffer(train.images)).toBe(false);
  });

  const REMEDY =
    "restore Fashion-MNIST's files (`apt-get install --reinstall dataset-fashion-mnist`) or pass --data DIR";

  /** A copy of the small dataset in its own folder, with `name` replaced by `contents`. */
  async function copyWith(folder: string, name: string, contents: Uint8Array): Promise<string> {
    const target = join(dir, folder);
    await mkdir(target);
    await writeFile(join(target, "train-images-idx3-ubyte"), idx(8, [2, 1, 1], [5, 6]));
    await writeFile(join(target, "train-labels-idx1-ubyte"), idx(8, [2], [1, 2]));
    await writeFile(join(target, "t10k-images-idx3-ubyte"), idx(8, [1, 1, 1], [7]));
    await writeFile(join(target, "t10k-labels-idx1-ubyte"), idx(8, [1], [3]));
    await rm(join(target, name.replace(/\.gz$/, "")));
    await writeFile(join(target, name), contents);
    return target;
  }

  it("names a file that is truncated, not IDX, or at odds with its pair, and says what to do", async () => {
    const gzipped = gzipSync(idx(8, [2, 1, 1], [5, 6]));
    const truncated = await copyWith("truncated", "train-images-idx3-ubyte.gz", gzipped.subarray(0, 20));
    await expect(loadFashionMnist(truncated)).rejects.toThrow(
      new DatasetFileError(
        join(truncated, "train-images-idx3-ubyte.gz"),
        "cannot decompress it (unexpected end of file)",
      ),
    );
    const text = await copyWith("text", "t10k-labels-idx1-ubyte", new TextEncoder().encode("labels"));
    await expect(loadFashionMnist(text)).rejects.toThrow(
      `${join(text, "t10k-labels-idx1-ubyte")}: not an IDX file: magic number 0x6c616265 does not start with two ` +
        `zero bytes: ${REMEDY}`,
    );
    const odd = await copyWith("odd", "t10k-labels-idx1-ubyte", idx(8, [2], [3, 4]));
    await expect(loadFashionMnist(odd)).rejects.toThrow(
      `${join(odd, "t10k-images-idx3-ubyte")} and ${join(odd, "t10k-labels-idx1-ubyte")}: ` +
        `IDX files disagree: 1 images but 2 labels: ${REMEDY}`,
    );
  });

  it("reads $NETC_DATA when given no folder, and the folder it is given over $NETC_DATA", async () => {
    const copy = await copyWith("from-env", "t10k-images-idx3-ubyte", idx(8, [1, 1, 1], [9]));
    const saved = process.env["NETC_DATA"];
    process.env["NETC_DATA"] = copy;
    try {
      expect([...(await loadFashionMnist()).test.images]).toEqual([9]);
      expect([...(await loadFashionMnist(dir)).test.images]).toEqual([7]);
    } finally {
      if (saved === undefined) delete process.env["NETC_DATA"];
      else process.env["NETC_DATA"] = saved;
    }
  });

  it("reports a file it cannot read, not the next name or 'not found'", async () => {
    // A folder where the gzipped file would be: EISDIR, though the plain file is there.
    const blocked = await copyWith("blocked", "train-labels-idx1-ubyte", idx(8, [2], [1, 2]));
    await mkdir(join(blocked, "train-labels-idx1-ubyte.gz"));
    await expect(loadFashionMnist(blocked)).rejects.toMatchObject({ code: "EISDIR" });
  });

  it("says how to install the dataset when files are missing", async () => {
    const empty = join(dir, "empty");
    const error = await loadFashionMnist(empty).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect((error as Error).message).toBe(
      `Fashion-MNIST not found in ${empty}: install it with \`apt-get install dataset-fashion-mnist\` ` +
        "(scripts/setup-system.sh does) or pass --data DIR",
    );
  });
});
