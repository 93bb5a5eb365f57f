import { describe, expect, it } from "vitest";
import {
  FASHION_MNIST_CLASSES,
  IdxError,
  Rng,
  batches,
  gatherImageBatch,
  gatherLabelBatch,
  imageDatasetFromIdx,
  parseIdx,
  shuffledIndices,
  syntheticLinear,
} from "../../runtime/index.js";
import type { ImageDataset } from "../../runtime/index.js";

/** An IDX file of unsigned bytes: 0x00 0x00 0x08 rank, big-endian dims, then `data`. */
function idx(shape: number[], data: number[]): Uint8Array {
  const header = [0, 0, 0x08, shape.length];
  for (const size of shape) header.push((size >>> 24) & 255, (size >>> 16) & 255, (size >>> 8) & 255, size & 255);
  return Uint8Array.from([...header, ...data]);
}

describe("parseIdx", () => {
  it("reads big-endian dimensions and returns the data as a view", () => {
    const bytes = idx([2, 1, 3], [1, 2, 3, 4, 5, 6]);
    const parsed = parseIdx(bytes);
    expect(parsed.shape).toEqual([2, 1, 3]);
    expect([...parsed.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parsed.data.buffer).toBe(bytes.buffer);
  });

  it("reads dimensions above 255 (all four bytes matter)", () => {
    const parsed = parseIdx(idx([258], new Array(258).fill(7)));
    expect(parsed.shape).toEqual([258]);
  });

  it.each([
    [Uint8Array.of(0, 0, 8), "IDX file is 3 bytes long, too short for its 4-byte magic number"],
    [
      Uint8Array.of(1, 0, 8, 1, 0, 0, 0, 0),
      "not an IDX file: magic number 0x01000801 does not start with two zero bytes",
    ],
    // A zero first byte is not enough: the second byte must be zero too.
    [
      Uint8Array.of(0, 1, 8, 1, 0, 0, 0, 0),
      "not an IDX file: magic number 0x00010801 does not start with two zero bytes",
    ],
    [Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 0), "IDX data type 0x0d is not supported; only unsigned bytes (0x08) are"],
    [Uint8Array.of(0, 0, 8, 0), "IDX file declares zero dimensions"],
    [
      Uint8Array.of(0, 0, 8, 2, 0, 0, 0, 1),
      "IDX file is 8 bytes long, too short for the 2 dimensions its header declares",
    ],
    [idx([2, 2], [1, 2, 3]), "IDX file is truncated: its shape [2, 2] needs 4 data bytes but it has 3"],
    [idx([2], [1, 2, 3]), "IDX file is longer than declared: its shape [2] needs 2 data bytes but it has 3"],
  ])("rejects malformed input %#", (bytes, message) => {
    expect(() => parseIdx(bytes)).toThrow(new IdxError(message));
    expect(() => parseIdx(bytes)).toThrow(IdxError);
  });
});

describe("imageDatasetFromIdx", () => {
  it("pairs images with labels", () => {
    const dataset = imageDatasetFromIdx(
      parseIdx(idx([2, 1, 2], [10, 11, 20, 21])),
      parseIdx(idx([2], [9, 0])),
      FASHION_MNIST_CLASSES,
    );
    expect(dataset).toMatchObject({ count: 2, rows: 1, cols: 2 });
    expect([...dataset.labels]).toEqual([9, 0]);
    expect(dataset.classes[dataset.labels[0]!]).toBe("ankle boot");
  });

  it.each([
    [idx([2], [1, 2]), idx([2], [0, 0]), "IDX image file has 1 dimensions; expected 3 (count, rows, cols)"],
    [idx([1, 1, 1], [1]), idx([1, 1], [0]), "IDX label file has 2 dimensions; expected 1 (count)"],
    [idx([1, 1, 1], [1]), idx([2], [0, 0]), "IDX files disagree: 1 images but 2 labels"],
    [idx([2, 1, 1], [1, 2]), idx([2], [3, 10]), "label 10 at index 1 is out of range for 10 classes"],
  ])("rejects inconsistent files %#", (images, labels, message) => {
    expect(() => imageDatasetFromIdx(parseIdx(images), parseIdx(labels), FASHION_MNIST_CLASSES)).toThrow(
      new IdxError(message),
    );
  });
});

describe("Rng", () => {
  it("is mulberry32: the reference sequence for seed 1", () => {
    // Computed by transcribing the reference C mulberry32 into Python with explicit 32-bit masks.
    const rng = new Rng(1);
    expect([rng.nextU32(), rng.nextU32(), rng.nextU32()]).toEqual([2693262067, 11749833, 2265367787]);
  });

  it("repeats for the same seed and differs for another", () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 5 }, () => rng.nextU32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it("draws uniform floats in [0, 1) and unbiased integers below a bound", () => {
    const rng = new Rng(7);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const u = rng.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
      counts[rng.nextBelow(6)]++;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400); // > 4 sigma
    expect(() => rng.nextBelow(0)).toThrow("nextBelow needs an integer bound in 1..2^32, got 0");
  });

  it("draws standard normals", () => {
    const rng = new Rng(3);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      sum += x;
      sumSquares += x * x;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.015); // sigma of the mean is 0.003
    expect(Math.abs(sumSquares / n - mean * mean - 1)).toBeLessThan(0.03);
  });

  it("pairs Box–Muller's cosine and sine of one radius and angle: the second normal is not a copy of the first", () => {
    for (const seed of [3, 11, 2024]) {
      // Box–Muller from the same seed's first two uniforms: u1 sets the radius (1 - u1 is in (0, 1]), u2 the angle.
      const uniforms = new Rng(seed);
      const radius = Math.sqrt(-2 * Math.log(1 - uniforms.nextFloat()));
      const angle = 2 * Math.PI * uniforms.nextFloat();
      const rng = new Rng(seed);
      const [first, second] = [rng.normal(), rng.normal()];
      expect(first).toBe(radius * Math.cos(angle));
      expect(second).toBe(radius * Math.sin(angle));
      expect(second).not.toBe(first);
    }
    // And over many draws, each normal is uncorrelated with the one before it.
    const rng = new Rng(9);
    const draws = Array.from({ length: 10_000 }, () => rng.normal());
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    let lagged = 0;
    let squares = 0;
    draws.forEach((x, i) => {
      squares += (x - mean) ** 2;
      if (i > 0) lagged += (x - mean) * (draws[i - 1]! - mean);
    });
    expect(Math.abs(lagged / squares)).toBeLessThan(0.05); // sigma about 0.01
  });
});

describe("shuffledIndices", () => {
  it("is a permutation", () => {
    const order = shuffledIndices(1000, 5, 0);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it("is identical for the same seed and epoch, different across epochs and seeds", () => {
    expect(shuffledIndices(100, 5, 2)).toEqual(shuffledIndices(100, 5, 2));
    expect(shuffledIndices(100, 5, 2)).not.toEqual(shuffledIndices(100, 5, 3));
    expect(shuffledIndices(100, 5, 2)).not.toEqual(shuffledIndices(100, 6, 2));
  });

  it("actually shuffles: positions are spread uniformly", () => {
    // Over many epochs, element 0 should land in each quarter of the array equally often.
    const quarters = [0, 0, 0, 0];
    for (let epoch = 0; epoch < 4000; epoch++) quarters[Math.floor(shuffledIndices(8, 1, epoch).indexOf(0) / 2)]!++;
    for (const count of quarters) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });

  it("reaches every permutation of a small dataset equally often: the last swap, of positions 0 and 1, included", () => {
    // Fisher–Yates draws each of the n! orders with probability 1/n!.
    const two = new Map<string, number>();
    const three = new Map<string, number>();
    for (let epoch = 0; epoch < 6000; epoch++) {
      const key2 = shuffledIndices(2, 4, epoch).join("");
      two.set(key2, (two.get(key2) ?? 0) + 1);
      const key3 = shuffledIndices(3, 4, epoch).join("");
      three.set(key3, (three.get(key3) ?? 0) + 1);
    }
    expect([...two.keys()].sort()).toEqual(["01", "10"]);
    for (const count of two.values()) expect(Math.abs(count - 3000)).toBeLessThan(250); // sigma about 39
    expect([...three.keys()].sort()).toEqual(["012", "021", "102", "120", "201", "210"]);
    for (const count of three.values()) expect(Math.abs(count - 1000)).toBeLessThan(150); // sigma about 29
  });

  it("handles empty and single-element datasets", () => {
    expect([...shuffledIndices(0, 1, 0)]).toEqual([]);
    expect([...shuffledIndices(1, 1, 0)]).toEqual([0]);
  });
});

describe("batches", () => {
  it("keeps the last partial batch unless dropLast", () => {
    const order = Uint32Array.from([4, 2, 0, 1, 3, 6, 5]);
    expect([...batches(7, 3, order, { dropLast: false })].map((b) => [...b])).toEqual([[4, 2, 0], [1, 3, 6], [5]]);
    expect([...batches(7, 3, order, { dropLast: true })].map((b) => [...b])).toEqual([
      [4, 2, 0],
      [1, 3, 6],
    ]);
  });

  it("walks 0..count-1 in order when given no order", () => {
    expect([...batches(5, 2, null, { dropLast: false })].map((b) => [...b])).toEqual([[0, 1], [2, 3], [4]]);
    expect([...batches(4, 2, null, { dropLast: true })].map((b) => [...b])).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it("rejects bad arguments", () => {
    expect(() => batches(3, 0, null, { dropLast: false }).next()).toThrow(
      "batch size must be a positive integer, got 0",
    );
    expect(() => batches(3, 2, new Uint32Array(2), { dropLast: false }).next()).toThrow(
      "batch order has 2 indices but the dataset has 3 examples",
    );
  });
});

describe("gathering batches", () => {
  const dataset: ImageDataset = {
    images: Uint8Array.from([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]),
    labels: Uint8Array.from([7, 8, 9]),
    count: 3,
    rows: 2,
    cols: 2,
    classes: FASHION_MNIST_CLASSES,
  };

  it("copies the chosen images and labels into the output arrays", () => {
    const images = new Uint8Array(8).fill(99);
    const labels = new Uint8Array(3).fill(99);
    gatherImageBatch(dataset, Uint32Array.from([2, 0]), images);
    gatherLabelBatch(dataset, Uint32Array.from([2, 0]), labels);
    expect([...images]).toEqual([20, 21, 22, 23, 0, 1, 2, 3]);
    expect([...labels]).toEqual([9, 7, 99]);
  });

  it("rejects an output array too small for the batch", () => {
    expect(() => gatherImageBatch(dataset, Uint32Array.from([0, 1]), new Uint8Array(7))).toThrow(
      "gatherImageBatch: the output array holds 7 bytes but the batch needs 8",
    );
    expect(() => gatherLabelBatch(dataset, Uint32Array.from([0, 1]), new Uint8Array(1))).toThrow(
      "gatherLabelBatch: the output array holds 1 bytes but the batch needs 2",
    );
  });
});

describe("syntheticLinear", () => {
  it("generates data whose least-squares fit recovers w and b", () => {
    const w = [2, -3.4];
    const b = 4.2;
    const data = syntheticLinear({ w, b, noise: 0.01, examples: 1000, seed: 0 });
    expect(data.features.length).toBe(2000);
    expect(data.targets.length).toBe(1000);
    // Normal equations for [x1, x2, 1] · [w1, w2, b] = y.
    const gram = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    const moment = [0, 0, 0];
    for (let i = 0; i < data.count; i++) {
      const row = [data.features[2 * i]!, data.features[2 * i + 1]!, 1];
      for (let r = 0; r < 3; r++) {
        moment[r]! += row[r]! * data.targets[i]!;
        for (let c = 0; c < 3; c++) gram[3 * r + c]! += row[r]! * row[c]!;
      }
    }
    const [w1, w2, fittedB] = solve3(gram, moment);
    expect(Math.abs(w1 - 2)).toBeLessThan(0.01);
    expect(Math.abs(w2 + 3.4)).toBeLessThan(0.01);
    expect(Math.abs(fittedB - 4.2)).toBeLessThan(0.01);
  });

  it("draws standard-normal features and noise of the requested size", () => {
    const data = syntheticLinear({ w: [0], b: 1, noise: 0.5, examples: 20_000, seed: 9 });
    const residuals = Array.from(data.targets, (y) => y - 1);
    const variance = residuals.reduce((sum, r) => sum + r * r, 0) / residuals.length;
    expect(Math.abs(Math.sqrt(variance) - 0.5)).toBeLessThan(0.02);
    const featureVariance = data.features.reduce((sum, x) => sum + x * x, 0) / data.features.length;
    expect(Math.abs(featureVariance - 1)).toBeLessThan(0.04);
  });

  it("is reproducible from its seed", () => {
    const make = (seed: number) => syntheticLinear({ w: [1, 2], b: 0, noise: 0.1, examples: 10, seed });
    expect(make(4).targets).toEqual(make(4).targets);
    expect(make(4).targets).not.toEqual(make(5).targets);
  });
});

/** Solves the 3×3 system A x = y by Cramer's rule. */
function solve3(a: number[], y: number[]): [number, number, number] {
  const det = (m: number[]) =>
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
  const withColumn = (c: number) => a.map((value, index) => (index % 3 === c ? y[Math.floor(index / 3)]! : value));
  const d = det(a);
  return [det(withColumn(0)) / d, det(withColumn(1)) / d, det(withColumn(2)) / d];
}
