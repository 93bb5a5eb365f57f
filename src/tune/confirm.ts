// Confirming `netc tune`'s choices in the training step itself. Each GEMM was timed alone on
// buffers of its own; in a step the caches, the clocks and the kernels around it differ, so a tile
// faster alone can make the step slower. The step is therefore timed with the chosen tiles and with
// the ops' defaults, in rounds of alternating order, and the choices stand only where it is faster
// in the median round. (A shared host's load drifts: two runs of one plan have differed by 6% in
// their best rounds, so each round compares its own pair.)

import { Model } from "../../runtime/engine.js";
import type { ModelPlan } from "../../runtime/plan.js";
import { adapterMs, median, randomBatch, timeTrainingSteps } from "./steps.js";

export interface StepComparison {
  /** Milliseconds per training step in each round (adapterMs). */
  defaultMs: number[];
  tunedMs: number[];
  /** The median over the rounds of tuned over default. */
  ratio: number;
  /** Training steps per timed round. */
  steps: number;
  /** Whether the ratio is below 1 by more than the margin. */
  faster: boolean;
}

const ROUNDS = 6;
/** Milliseconds of steps per round, by default. */
const ROUND_MS = 2000;
const MAX_STEPS_PER_ROUND = 200;

/** The median over the rounds of tuned over default milliseconds, `faster` where it is below 1 by more than `margin`. */
export function compareRounds(
  defaultMs: readonly number[],
  tunedMs: readonly number[],
  margin: number,
): { ratio: number; faster: boolean } {
  const ratio = median(tunedMs.map((ms, round) => ms / defaultMs[round]!));
  return { ratio, faster: ratio < 1 - margin };
}

/**
 * Trains `defaults` and `tuned` (one spec compiled two ways) on the same random batch and compares
 * their steps; `faster` when the tuned step is faster by more than `margin` (a fraction). Both models
 * live on `device` at once. `software`: the clock, see adapterMs. Each round
 * runs enough steps to fill about `roundMs`.
 */
export async function compareTrainingSteps(
  device: GPUDevice,
  defaults: ModelPlan,
  tuned: ModelPlan,
  software: boolean,
  margin: number,
  roundMs = ROUND_MS,
): Promise<StepComparison> {
  const models: Model[] = [];
  try {
    for (const plan of [defaults, tuned]) models.push(await Model.create(device, plan));
    const batch = randomBatch(defaults);
    const lr = defaults.optimizer.lr;
    const run = (model: Model, steps: number) => timeTrainingSteps(model, () => batch, lr, steps);
    // The first step compiles each kernel (a software adapter does so at the first dispatch); the
    // second says how many steps fill a round.
    let stepMs = 0;
    for (const model of models) {
      await run(model, 1);
      stepMs = Math.max(stepMs, (await run(model, 1)).wallMs);
    }
    const steps = Math.min(MAX_STEPS_PER_ROUND, Math.max(1, Math.ceil(roundMs / stepMs)));
    const times: [number[], number[]] = [[], []];
    for (let round = 0; round < ROUNDS; round++) {
      for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
        const timing = await run(models[i]!, steps);
        times[i]!.push(adapterMs(timing.wallMs, timing.cpuMs, software) / steps);
      }
    }
    const [defaultMs, tunedMs] = times;
    const { ratio, faster } = compareRounds(defaultMs, tunedMs, margin);
    return { defaultMs, tunedMs, ratio, steps, faster };
  } finally {
    for (const model of models) model.destroy();
  }
}
