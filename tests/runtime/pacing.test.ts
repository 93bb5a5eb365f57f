// The read-back pacer on a simulated clock: when it sleeps, for how long, and what it learns.

import { describe, expect, it } from "vitest";
import { paceWaits, WaitPacer, waitPacer, type PacerClock } from "../../runtime/pacing.js";

/** A clock whose sleeps advance it, and GPU work run through a pacer on it. */
function simulation() {
  let now = 0;
  const sleeps: number[] = [];
  const clock: PacerClock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  /**
   * Waits from `callAt` for `units` of `kind` that the GPU started at `startedAt` and finishes at
   * `doneAt`: the wait ends then, or at once when asked later. Returns when it was asked.
   */
  const run = async (
    pacer: WaitPacer,
    [kind, units]: [string, number],
    startedAt: number,
    doneAt: number,
    callAt = startedAt,
  ) => {
    now = Math.max(now, callAt);
    let askedAt = NaN;
    await pacer.wait(kind, units, startedAt, async () => {
      askedAt = now;
      now = Math.max(now, doneAt);
    });
    return askedAt;
  };
  return { clock, sleeps, run };
}

describe("WaitPacer", () => {
  it("asks at once where waits are not paced", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new WaitPacer(false, clock);
    for (let k = 0; k < 4; k++) expect(await run(pacer, ["train", 16], 100 * k, 100 * k + 100)).toBe(100 * k);
    expect(sleeps).toEqual([]);
  });

  it("asks at once for a kind it has seen fewer than twice, then at 90% of the faster of its last two runs", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new WaitPacer(true, clock);
    expect(await run(pacer, ["train", 16], 0, 100)).toBe(0);
    expect(await run(pacer, ["train", 16], 100, 180)).toBe(100);
    expect(sleeps).toEqual([]);
    // Runs of 100 and 80 ms: asked 72 ms after the start.
    expect(await run(pacer, ["train", 16], 180, 260)).toBe(252);
    expect(sleeps).toEqual([72]);
  });

  it("predicts by the unit: a window of 4 steps from windows of 16", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new WaitPacer(true, clock);
    await run(pacer, ["train", 16], 0, 160);
    await run(pacer, ["train", 16], 160, 320);
    // 10 ms a step: 4 steps are due 40 ms after their start, asked at 36.
    expect(await run(pacer, ["train", 4], 320, 360)).toBe(356);
    expect(sleeps).toEqual([36]);
  });

  it("sleeps only for what is left of the prediction when asked after the work started", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new WaitPacer(true, clock);
    await run(pacer, ["evaluate", 40], 0, 200);
    await run(pacer, ["evaluate", 40], 1000, 1200);
    // 180 ms predicted from 2000, asked from 2100: 80 ms left. Then asked after the prediction: at once.
    expect(await run(pacer, ["evaluate", 40], 2000, 2200, 2100)).toBe(2180);
    expect(await run(pacer, ["evaluate", 40], 3000, 3200, 3190)).toBe(3190);
    expect(sleeps).toEqual([80]);
  });

  it("is not slowed by a first run that compiled kernels, and keeps kinds apart", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new WaitPacer(true, clock);
    await run(pacer, ["train", 1], 0, 5000);
    await run(pacer, ["train", 16], 5000, 5160);
    await run(pacer, ["evaluate", 40], 5160, 5560);
    expect(await run(pacer, ["train", 16], 5560, 5720)).toBe(5704);
    expect(sleeps).toEqual([144]);
  });

  it("learns from a late wake that the work got faster", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new WaitPacer(true, clock);
    await run(pacer, ["round", 1], 0, 100);
    await run(pacer, ["round", 1], 100, 200);
    // The work now takes 50 ms: the wake at 90 ms is late, and counts as a run of 90.
    await run(pacer, ["round", 1], 200, 250);
    await run(pacer, ["round", 1], 290, 340);
    expect(sleeps).toEqual([90, 81]);
  });

  it("forgets runs older than the last two: work that got slower is predicted from the recent runs", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new WaitPacer(true, clock);
    await run(pacer, ["train", 10], 0, 50);
    await run(pacer, ["train", 10], 50, 150);
    // Runs of 5 and 10 ms a step: 45 ms. Then 100 and 100, the 50 ms run two runs back: 90.
    await run(pacer, ["train", 10], 150, 250);
    await run(pacer, ["train", 10], 250, 350);
    expect(sleeps).toEqual([45, 90]);
  });

  it("records each of two waits of one kind that overlap", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new WaitPacer(true, clock);
    await Promise.all([run(pacer, ["train", 1], 0, 100), run(pacer, ["train", 1], 0, 100)]);
    // Both runs (100 ms each) were recorded: the next wait is predicted.
    await run(pacer, ["train", 1], 100, 200);
    expect(sleeps).toEqual([90]);
  });
});

describe("waitPacer", () => {
  it("paces the waits of a device marked by paceWaits, and no other", () => {
    const device = {} as GPUDevice;
    expect(waitPacer(device).paced).toBe(false);
    paceWaits(device);
    expect(waitPacer(device).paced).toBe(true);
    expect(waitPacer({} as GPUDevice).paced).toBe(false);
  });
});
