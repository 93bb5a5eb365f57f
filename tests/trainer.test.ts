import { describe, expect, it } from "vitest";
import type { ModelPlan } from "../runtime/plan.js";
import { learningRate } from "../runtime/trainer.js";

const planWith = (schedule: ModelPlan["schedule"]): ModelPlan =>
  ({
    optimizer: { kind: "sgd", lr: 0.1, momentum: 0, weightDecay: 0, nesterov: false },
    schedule,
    epochs: 10,
  }) as ModelPlan;

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
