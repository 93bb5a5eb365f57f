// The read-back pacer on a simulated clock: when it sleeps, for how long, and what it learns.

import { describe, expect, it } from "vitest";
import { ReadbackPacer, type PacerClock } from "../../runtime/pacing.js";

/** A clock whose sleeps advance it, and a piece of GPU work that is done at `doneAt`. */
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
   * Waits for `work` through the pacer, from `callAt`: work the GPU started at `startedAt` and
   * finishes at `doneAt`, so the wait ends then, or at once when asked later. Returns when it was asked.
   */
  const run = async (pacer: ReadbackPacer, work: string, startedAt: number, doneAt: number, callAt = startedAt) => {
    now = Math.max(now, callAt);
    let askedAt = NaN;
    await pacer.wait(work, startedAt, async () => {
      askedAt = now;
      now = Math.max(now, doneAt);
    });
    return askedAt;
  };
  return { clock, sleeps, run };
}

describe("ReadbackPacer", () => {
  it("asks at once where waits are not paced", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new ReadbackPacer(false, clock);
    for (let k = 0; k < 4; k++) expect(await run(pacer, "train 16", 100 * k, 100 * k + 100)).toBe(100 * k);
    expect(sleeps).toEqual([]);
  });

  it("asks at once for work it has seen fewer than twice, then at 90% of the shorter of its last two runs", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new ReadbackPacer(true, clock);
    expect(await run(pacer, "train 16", 0, 100)).toBe(0);
    expect(await run(pacer, "train 16", 100, 180)).toBe(100);
    expect(sleeps).toEqual([]);
    // Runs of 100 and 80 ms: asked 72 ms after the start.
    expect(await run(pacer, "train 16", 180, 260)).toBe(252);
    expect(sleeps).toEqual([72]);
  });

  it("sleeps only for what is left of the prediction when asked after the work started", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new ReadbackPacer(true, clock);
    await run(pacer, "evaluate 40", 0, 200);
    await run(pacer, "evaluate 40", 1000, 1200);
    // 180 ms predicted from 2000, asked from 2100: 80 ms left. Then asked after the prediction: at once.
    expect(await run(pacer, "evaluate 40", 2000, 2200, 2100)).toBe(2180);
    expect(await run(pacer, "evaluate 40", 3000, 3200, 3190)).toBe(3190);
    expect(sleeps).toEqual([80]);
  });

  it("is not slowed by a first run that compiled kernels, and keeps works apart", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new ReadbackPacer(true, clock);
    await run(pacer, "train 16", 0, 5000);
    await run(pacer, "train 16", 5000, 5100);
    await run(pacer, "train 11", 5100, 5170);
    expect(await run(pacer, "train 16", 5170, 5270)).toBe(5260);
    expect(sleeps).toEqual([90]);
  });

  it("learns from a late wake that the work got faster", async () => {
    const { clock, sleeps, run } = simulation();
    const pacer = new ReadbackPacer(true, clock);
    await run(pacer, "a step", 0, 100);
    await run(pacer, "a step", 100, 200);
    // The work now takes 50 ms: the wake at 90 ms is late, and counts as a run of 90.
    await run(pacer, "a step", 200, 250);
    await run(pacer, "a step", 290, 340);
    expect(sleeps).toEqual([90, 81]);
  });
});
