import { describe, expect, it } from "vitest";
import type { Batch, Model, StepMetrics } from "../runtime/engine.js";
import type { ModelPlan } from "../runtime/plan.js";
import { featureSource, learningRate, trainModel, type BatchSource } from "../runtime/trainer.js";

const planWith = (schedule: ModelPlan["schedule"]): ModelPlan =>
  ({
    optimizer: { kind: "sgd", lr: 0.1, momentum: 0, weightDecay: 0, nesterov: false },
    schedule,
    epochs: 10,
  }) as ModelPlan;

/** A plan of `batch` rows for trainModel's stubs: a constant rate, running batch-norm statistics. */
const stubPlan = (batch: number): ModelPlan => ({
  ...planWith({ kind: "constant" }),
  batch,
  bnStatistics: { kind: "running" },
  statistics: 0,
});

/**
 * A stub of the engine's model for trainModel: `onStep` sees each step, whose metrics (loss 1,
 * accuracy 0) come back when flushed; `extra` adds or replaces members (evaluate).
 */
function stubModel(plan: ModelPlan, onStep: (batch: Batch, lr: number) => void, extra: object = {}): Model {
  let unread: StepMetrics[] = [];
  return {
    plan,
    trainStep(batch: Batch, lr: number): undefined {
      onStep(batch, lr);
      unread.push({ loss: 1, accuracy: 0, rows: batch.rows });
    },
    flushMetrics(): Promise<StepMetrics[]> {
      const window = unread;
      unread = [];
      return Promise.resolve(window);
    },
    ...extra,
  } as unknown as Model;
}

/** `count` examples whose one feature is their index. */
const indexSource = (count: number): BatchSource => ({
  count,
  batch: (indices): Batch => ({
    kind: "features",
    features: Float32Array.from(indices),
    targets: new Float32Array(indices.length),
    rows: indices.length,
  }),
});

/** The example indices of a batch from indexSource. */
const indicesOf = (batch: Batch): number[] => [...(batch as Extract<Batch, { kind: "features" }>).features];

describe("learning-rate schedules", () => {
  it("constant keeps the optimizer's rate", () => {
    expect(learningRate(planWith({ kind: "constant" }), 7, 3, 100)).toBe(0.1);
  });

  it("step multiplies by gamma every `every` epochs", () => {
    const plan = planWith({ kind: "step", every: 3, gamma: 0.5 });
    expect([0, 2, 3, 5, 6, 9].map((epoch) => learningRate(plan, epoch, 0, 100))).toEqual([
      0.1, 0.1, 0.05, 0.05, 0.025, 0.0125,
    ]);
  });

  it("cosine warms up linearly, then falls from the rate to min_lr by the last epoch", () => {
    const plan = planWith({ kind: "cosine", warmup: 2, minLr: 0.001 });
    expect(learningRate(plan, 0, 0, 100)).toBeCloseTo(0.1 / 200, 12);
    expect(learningRate(plan, 1, 50, 100)).toBeCloseTo((0.1 * 1.51) / 2, 12);
    expect(learningRate(plan, 2, 0, 100)).toBeCloseTo(0.1, 12);
    // Halfway through the cosine part (epoch 6 of 2..10) the rate is the midpoint.
    expect(learningRate(plan, 6, 0, 100)).toBeCloseTo((0.1 + 0.001) / 2, 12);
    expect(learningRate(plan, 9, 99, 100)).toBeGreaterThan(0.001);
    expect(learningRate(plan, 9, 99, 100)).toBeLessThan(0.0011);
  });
});

describe("trainModel's epoch", () => {
  it("trains the partial last batch and weights the epoch's loss and accuracy by each step's rows", async () => {
    // 10 examples at batch 4: two full steps and one of 2 rows, each with its own loss and accuracy.
    const batchSize = 4;
    const stepRows = [4, 4, 2];
    const losses = [1, 1, 4];
    const accuracies = [1, 0, 0.25];
    const count = stepRows.reduce((sum, rows) => sum + rows, 0);

    const seen: number[][] = [];
    const source: BatchSource = {
      count,
      batch(indices): Batch {
        seen.push([...indices]);
        const rows = indices.length;
        return { kind: "features", features: new Float32Array(rows), targets: new Float32Array(rows), rows };
      },
    };
    // Like the engine, the stub hands back its metrics in windows (here of two steps) and the rest on flush.
    const trainedRows: number[] = [];
    let unread: StepMetrics[] = [];
    const flushMetrics = (): Promise<StepMetrics[]> => {
      const window = unread;
      unread = [];
      return Promise.resolve(window);
    };
    // A clock that each step moves on by a second, so that the epoch takes a time other than zero.
    let clock = 0;
    const now = () => clock;
    const model = {
      plan: { ...planWith({ kind: "constant" }), batch: batchSize, bnStatistics: { kind: "running" }, statistics: 0 },
      trainStep(batch: Batch): Promise<StepMetrics[]> | undefined {
        clock += 1000;
        const step = trainedRows.length;
        trainedRows.push(batch.rows);
        unread.push({ loss: losses[step]!, accuracy: accuracies[step]!, rows: batch.rows });
        if (unread.length < 2) return undefined;
        return flushMetrics();
      },
      flushMetrics,
    } as unknown as Model;

    const [epoch, ...rest] = await trainModel(model, source, undefined, { epochs: 1, seed: 5, now });
    expect(rest).toEqual([]);
    expect(trainedRows).toEqual(stepRows);
    // Every example once.
    expect(seen.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, k) => k));

    const weighted = (values: number[]) => values.reduce((sum, value, k) => sum + value * stepRows[k]!, 0) / count;
    expect(epoch!.trainLoss).toBeCloseTo(weighted(losses), 12);
    expect(epoch!.trainAccuracy).toBeCloseTo(weighted(accuracies), 12);
    // Images per second counts the rows trained, not steps × batch: 4 + 2 rows in the 2 s after the
    // first step (which the first epoch leaves out), not 8.
    expect(epoch!.imagesPerSecond).toBe(3);
    expect(epoch!.seconds).toBe(3);
  });
});

describe("trainModel's waits", () => {
  it("announces the run's first step before waiting for it, and each epoch's evaluation before it runs", async () => {
    const events: string[] = [];
    let steps = 0;
    const model = stubModel(stubPlan(4), () => events.push(`step ${++steps}`), {
      evaluate: async (batches: Iterable<Batch>) => {
        events.push(`evaluate ${[...batches].length} batches`);
        return { loss: 1, accuracy: 0.5, rows: 8 };
      },
    });
    const flushMetrics = model.flushMetrics.bind(model);
    model.flushMetrics = () => (events.push("flush"), flushMetrics());
    await trainModel(model, indexSource(12), indexSource(8), {
      epochs: 2,
      seed: 0,
      onWait: ({ kind, epoch }) => events.push(`${kind}, epoch ${epoch}`),
      onEpoch: ({ epoch }) => void events.push(`end of epoch ${epoch}`),
    });
    expect(events).toEqual([
      "step 1",
      "first step, epoch 0",
      "flush",
      "step 2",
      "step 3",
      "flush",
      "evaluation, epoch 0",
      "evaluate 2 batches",
      "end of epoch 1",
      "step 4",
      "step 5",
      "step 6",
      "flush",
      "evaluation, epoch 1",
      "evaluate 2 batches",
      "end of epoch 2",
    ]);
  });

  it("announces no evaluation where there is no test set", async () => {
    const events: string[] = [];
    const model = stubModel(stubPlan(4), () => {});
    await trainModel(model, indexSource(12), undefined, {
      epochs: 2,
      seed: 0,
      onWait: ({ kind, epoch }) => events.push(`${kind}, epoch ${epoch}`),
    });
    expect(events).toEqual(["first step, epoch 0"]);
  });
});

describe("trainModel's images/s", () => {
  /**
   * Trains 20 examples at batch 4 (5 steps an epoch) on a stub whose metrics come in windows of 2
   * steps and whose clock moves on as steps train: the run's first step takes `firstMs` (the
   * driver compiling shaders), the second epoch's first `secondEpochFirstMs`, every other 100 ms.
   */
  async function timedRun(firstMs: number, maxStepsPerEpoch?: number, secondEpochFirstMs = 100) {
    let clock = 0;
    let steps = 0;
    let unread: StepMetrics[] = [];
    const flushMetrics = (): Promise<StepMetrics[]> => {
      const window = unread;
      unread = [];
      return Promise.resolve(window);
    };
    const model = {
      plan: stubPlan(4),
      trainStep(batch: Batch): Promise<StepMetrics[]> | undefined {
        const step = steps++;
        clock += step === 0 ? firstMs : step === 5 ? secondEpochFirstMs : 100;
        unread.push({ loss: 1, accuracy: 0, rows: batch.rows });
        return unread.length < 2 ? undefined : flushMetrics();
      },
      flushMetrics,
    } as unknown as Model;
    const source = indexSource(20);
    const progress: { epoch: number; step: number; imagesPerSecond: number }[] = [];
    const results = await trainModel(model, source, undefined, {
      epochs: 2,
      seed: 3,
      now: () => clock,
      onProgress: ({ epoch, step, imagesPerSecond }) => progress.push({ epoch, step, imagesPerSecond }),
      ...(maxStepsPerEpoch === undefined ? {} : { maxStepsPerEpoch }),
    });
    return { results, progress };
  }

  it("times the first epoch from the end of its first step, which pays for compiling shaders", async () => {
    const { results, progress } = await timedRun(2000);
    // 16 rows in the 400 ms after the first step: 40 images/s, as in epoch 2 (20 rows in 500 ms);
    // timed with the first step it would be 20 rows in 2.4 s, 8.3 images/s.
    expect(results.map((r) => r.imagesPerSecond)).toEqual([40, 40]);
    // The epoch's time is all of it.
    expect(results.map((r) => r.seconds)).toEqual([2.4, 0.5]);
    // The progress line is timed the same way, with no report of the first step alone. The window
    // of steps 2–3 is read once step 5 has trained (the CPU runs up to two windows ahead): 8 rows in
    // the 400 ms after step 1.
    expect(progress.filter((p) => p.epoch === 0)).toEqual([
      { epoch: 0, step: 3, imagesPerSecond: 20 },
      { epoch: 0, step: 5, imagesPerSecond: 40 },
      { epoch: 0, step: 5, imagesPerSecond: 40 },
    ]);
  });

  it("times later epochs from their start: only the run's first step pays for compiling shaders", async () => {
    // Epoch 2's first step is slow (500 ms) for another reason: it counts, 20 rows in 0.9 s.
    const { results } = await timedRun(2000, undefined, 500);
    expect(results[0]!.imagesPerSecond).toBe(40);
    expect(results[1]!.imagesPerSecond).toBeCloseTo(20 / 0.9, 9);
    expect(results.map((r) => r.seconds)).toEqual([2.4, 0.9]);
  });

  it("keeps the first step in an epoch of one step, which has no other to time", async () => {
    const { results } = await timedRun(2000, 1);
    expect(results.map((r) => r.imagesPerSecond)).toEqual([2, 40]);
  });
});

describe("trainModel's learning rate", () => {
  it("follows the cosine schedule by the step within each epoch: warmup in epoch 1, the half cosine in epoch 2", async () => {
    // 12 examples at batch 4: 3 steps an epoch, 2 epochs; warmup 1 epoch, lr 0.1 down to min_lr 0.01.
    const plan: ModelPlan = { ...stubPlan(4), schedule: { kind: "cosine", warmup: 1, minLr: 0.01 }, epochs: 2 };
    const source: BatchSource = {
      count: 12,
      batch: (indices): Batch => ({
        kind: "features",
        features: new Float32Array(indices.length),
        targets: new Float32Array(indices.length),
        rows: indices.length,
      }),
    };
    const rates: number[] = [];
    const model = stubModel(plan, (_batch, lr) => rates.push(lr));
    await trainModel(model, source, undefined, { epochs: 2, seed: 1 });

    // Warmup over 1 epoch × 3 steps: the k-th step (k = 1, 2, 3) at lr · k/3, reaching the lr.
    const warmup = [1, 2, 3].map((k) => (0.1 * k) / 3);
    // Then the half cosine over the 1 epoch left, from t = 0 at the epoch's start, 1/3 of it per step:
    // min_lr + (lr − min_lr)(1 + cos πt)/2, with cos 0 = 1, cos π/3 = 1/2, cos 2π/3 = −1/2.
    const cosine = [0.1, 0.01 + 0.09 * 0.75, 0.01 + 0.09 * 0.25];
    expect(rates).toHaveLength(6);
    [...warmup, ...cosine].forEach((expected, k) => expect(rates[k], `step ${k + 1}`).toBeCloseTo(expected, 12));
  });
});

describe("trainModel's evaluation", () => {
  it("evaluates every test example, the partial last batch included: 10 at batch 4 are batches of 4, 4 and 2", async () => {
    const batchSize = 4;
    // Example i of the test set is classified right where i is a multiple of 3: 0, 3, 6 and 9, 4 of 10.
    const right = (i: number) => i % 3 === 0;
    const testCount = 10;
    const expectedAccuracy = Array.from({ length: testCount }, (_, i) => i).filter(right).length / testCount;
    expect(expectedAccuracy).toBe(0.4);

    const evaluated: number[][] = [];
    const model = stubModel(stubPlan(batchSize), () => {}, {
      // Like the engine: one total over all the batches, its accuracy the hits over the rows.
      evaluate(batches: Iterable<Batch>): Promise<StepMetrics> {
        let rows = 0;
        let hits = 0;
        for (const batch of batches) {
          const indices = indicesOf(batch);
          evaluated.push(indices);
          rows += batch.rows;
          hits += indices.filter(right).length;
        }
        return Promise.resolve({ loss: 0.5, accuracy: hits / rows, rows });
      },
    });

    const [epoch] = await trainModel(model, indexSource(8), indexSource(testCount), { epochs: 1, seed: 2 });
    expect(evaluated.map((indices) => indices.length)).toEqual([4, 4, 2]);
    expect(evaluated.flat()).toEqual(Array.from({ length: testCount }, (_, i) => i));
    expect(epoch!.testAccuracy).toBe(expectedAccuracy);
    expect(epoch!.testLoss).toBe(0.5);
  });
});

describe("trainModel's stop", () => {
  /** A stub model of batch 2 that records the rows of each step it trains. */
  const recordingModel = (trained: number[][]): Model =>
    stubModel(stubPlan(2), (batch) => trained.push(indicesOf(batch)));
  const source = indexSource(8);

  it("is checked before each step: a stop after 3 of the epoch's 4 steps trains no fourth, and no other epoch", async () => {
    const trained: number[][] = [];
    let checks = 0;
    const results = await trainModel(recordingModel(trained), source, undefined, {
      epochs: 3,
      seed: 1,
      shouldStop: () => ++checks > 3,
    });
    expect(trained).toHaveLength(3);
    // The epoch that was stopped still reports on the steps it trained.
    expect(results.map((r) => r.epoch)).toEqual([1]);
    expect(results[0]!.trainLoss).toBe(1);
  });

  it("is checked after each epoch: a stop asked for during epoch 1's report ends the run there", async () => {
    const trained: number[][] = [];
    let stop = false;
    const results = await trainModel(recordingModel(trained), source, undefined, {
      epochs: 3,
      seed: 1,
      shouldStop: () => stop,
      onEpoch: () => {
        stop = true;
      },
    });
    expect(results.map((r) => r.epoch)).toEqual([1]);
    expect(trained).toHaveLength(4);
  });
});

describe("featureSource", () => {
  it("gathers each example's targets, several per row, beside its features", () => {
    // 3 examples of 2 features and 2 targets: example e has features (10e, 10e + 1), targets (−e, −e − 0.5).
    const features = Float32Array.of(0, 1, 10, 11, 20, 21);
    const targets = Float32Array.of(-0, -0.5, -1, -1.5, -2, -2.5);
    const batch = featureSource(features, targets, 2, 2).batch(Uint32Array.of(2, 1)) as Extract<
      Batch,
      { kind: "features" }
    >;
    expect(batch.rows).toBe(2);
    expect([...batch.features]).toEqual([20, 21, 10, 11]);
    expect([...batch.targets]).toEqual([-2, -2.5, -1, -1.5]);
  });
});
