// Waiting for the GPU without keeping a core busy, where Dawn's Node binding would.
//
// The binding (npm `webgpu`) polls for GPU events in a setImmediate loop for as long as any of its
// promises is pending (crbug.com/dawn/1127), so a map that waits for a window of training steps
// keeps one core busy until they are done. On a software adapter that core is one the kernels run
// on: on 2 cores, with each map asked for only once its work was nearly done, LeNet trained
// 1.3–1.7 times as fast (bench/RESULTS.md, nineteenth session). So on a device marked by
// `paceWaits` a wait sleeps on a timer until its work is predicted done, and only then asks.

/// <reference types="@webgpu/types" preserve="true" />

const pacedDevices = new WeakSet<GPUDevice>();

/** Marks `device` as one whose waits are paced: a software adapter under Dawn's Node binding. */
export function paceWaits(device: GPUDevice): void {
  pacedDevices.add(device);
}

/** A pacer for waits on `device`: one that sleeps first if its waits are paced, else one that does not. */
export function waitPacer(device: GPUDevice): WaitPacer {
  return new WaitPacer(pacedDevices.has(device));
}

/** The part of the predicted time slept: the wait itself covers the rest, so a late wake costs little. */
const DUE_FRACTION = 0.9;

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Predicts how long the GPU takes over a piece of work: some units (steps, dispatches) of a kind
 * the caller names, from the last two runs of that kind, by the faster of them per unit, so that a
 * run slowed by compiling kernels on first use, or by another process, makes the next sleep
 * shorter rather than longer. A wake that came late is measured as a faster run, so the prediction
 * follows work that got faster.
 */
export class WaitPacer {
  /** Milliseconds per unit of the last two runs of each kind of work. */
  private readonly runs = new Map<string, number[]>();

  constructor(
    readonly paced: boolean,
    private readonly clock: PacerClock = realClock,
  ) {}

  /**
   * Awaits `done()` for `units` of work of kind `kind`, which the GPU started at `startedMs`; if
   * paced, calls it once the work is nearly done.
   */
  async wait<T>(kind: string, units: number, startedMs: number, done: () => Promise<T>): Promise<T> {
    if (!this.paced) return done();
    const runs = this.runs.get(kind) ?? [];
    const sleepMs = runs.length < 2 ? 0 : startedMs + DUE_FRACTION * units * Math.min(...runs) - this.clock.now();
    if (sleepMs >= 1) await this.clock.sleep(sleepMs);
    const result = await done();
    this.runs.set(kind, [...(this.runs.get(kind) ?? []), (this.clock.now() - startedMs) / units].slice(-2));
    return result;
  }
}
