import { describe, expect, it } from "vitest";
import { ProgressLine, formatDuration, renderProgress } from "../../runtime/index.js";

describe("renderProgress", () => {
  it("renders the documented line", () => {
    const line = renderProgress({
      epoch: 3,
      epochs: 10,
      step: 120,
      steps: 235,
      loss: 0.51234,
      imagesPerSecond: 12_345.4,
      etaSeconds: 62,
    });
    expect(line).toBe("epoch 3/10 [#####-----] step 120/235  loss 0.5123  12,345 img/s  ETA 1m02s");
  });

  it("shows a diverging loss in five significant digits", () => {
    const state = { epoch: 1, epochs: 1, step: 2, steps: 4, imagesPerSecond: 1000, etaSeconds: 1 };
    expect(renderProgress({ ...state, loss: 2.5724009849947874e32 })).toContain("loss 2.5724e+32  ");
  });

  it("fills the bar to the completed fraction and adds accuracies when given", () => {
    const line = renderProgress({
      epoch: 10,
      epochs: 10,
      step: 235,
      steps: 235,
      loss: 0.3,
      imagesPerSecond: 1_234_567,
      etaSeconds: 0,
      trainAcc: 0.9,
      testAcc: 0.87654,
    });
    expect(line).toBe(
      "epoch 10/10 [##########] step 235/235  loss 0.3000  train acc 0.9000  test acc 0.8765  1,234,567 img/s  ETA 0s",
    );
    expect(
      renderProgress({ epoch: 1, epochs: 1, step: 0, steps: 5, loss: 2, imagesPerSecond: 999, etaSeconds: 5 }),
    ).toBe("epoch 1/1 [----------] step 0/5  loss 2.0000  999 img/s  ETA 5s");
    // Only whole tenths done fill a cell: 3/4 is 7 cells, 19/20 is 9 (the bar is full at the end alone).
    const bar = (step: number, steps: number) =>
      /\[([#-]+)\]/.exec(
        renderProgress({ epoch: 1, epochs: 1, step, steps, loss: 1, imagesPerSecond: 1, etaSeconds: 1 }),
      )![1];
    expect(bar(3, 4)).toBe("#######---");
    expect(bar(19, 20)).toBe("#########-");
    expect(bar(1, 20)).toBe("----------");
  });

  it("formats durations as seconds, minutes or hours", () => {
    expect(formatDuration(59.4)).toBe("59s");
    expect(formatDuration(59.6)).toBe("1m00s");
    expect(formatDuration(3599)).toBe("59m59s");
    expect(formatDuration(3600 * 2 + 5 * 60 + 30)).toBe("2h05m");
    expect(formatDuration(-3)).toBe("0s");
  });
});

describe("ProgressLine", () => {
  function recorder(isTTY: boolean) {
    const writes: string[] = [];
    return { writes, sink: { isTTY, write: (text: string) => writes.push(text) } };
  }

  it("prints a line every N steps and one per epoch without a TTY, with the trainer's throughput and its ETA", () => {
    const { writes, sink } = recorder(false);
    const progress = new ProgressLine(sink, { epochs: 2, stepsPerEpoch: 4, batchSize: 100, printEverySteps: 2 });
    for (let step = 1; step <= 4; step++) progress.update(1, step, 1 / step, 200);
    progress.endEpoch(1, 0.25, 200, { testAcc: 0.5 });
    expect(writes).toEqual([
      // 100 images at 200 img/s: 0.5 s per step; 6 of 8 steps left, then 4.
      "epoch 1/2 [#####-----] step 2/4  loss 0.5000  200 img/s  ETA 3s\n",
      "epoch 1/2 [##########] step 4/4  loss 0.2500  test acc 0.5000  200 img/s  ETA 2s\n",
    ]);
  });

  it("prints a line once a multiple of N steps is passed, as updates come a metrics window (16 steps) at a time", () => {
    const { writes, sink } = recorder(false);
    // 235 steps: a line due every 24, updates at 16, 32, 48, ...
    const progress = new ProgressLine(sink, { epochs: 1, stepsPerEpoch: 235, batchSize: 256 });
    for (let step = 16; step < 235; step += 16) progress.update(1, step, 1, 1000);
    expect(writes.map((line) => /step (\d+)\//.exec(line)![1])).toEqual([
      "32",
      "48",
      "80",
      "96",
      "128",
      "144",
      "176",
      "192",
      "224",
    ]);
  });

  it("shows the images/s it is given, not the time between calls (an epoch's evaluation and checkpoint)", () => {
    const { writes, sink } = recorder(false);
    let now = 0;
    const progress = new ProgressLine(sink, {
      epochs: 3,
      stepsPerEpoch: 2,
      batchSize: 10,
      printEverySteps: 1,
      now: () => now,
    });
    now = 20_000; // a slow evaluation of the test set
    progress.endEpoch(1, 1, 5_000);
    now += 1_000;
    progress.update(2, 1, 1, 10);
    expect(writes).toEqual([
      "epoch 1/3 [##########] step 2/2  loss 1.0000  5,000 img/s  ETA 0s\n",
      // 1 s per step at 10 img/s, 3 steps left in total.
      "epoch 2/3 [#####-----] step 1/2  loss 1.0000  10 img/s  ETA 3s\n",
    ]);
  });

  it("counts the ETA over the steps left in this epoch and the later ones, reaching 0s at the end of the last", () => {
    const { writes, sink } = recorder(false);
    const [epochs, stepsPerEpoch, batchSize, imagesPerSecond] = [3, 10, 256, 64]; // 4 s per step
    const progress = new ProgressLine(sink, { epochs, stepsPerEpoch, batchSize, printEverySteps: 5 });
    for (let epoch = 1; epoch <= epochs; epoch++) {
      for (let step = 1; step <= stepsPerEpoch; step++) progress.update(epoch, step, 1, imagesPerSecond);
      progress.endEpoch(epoch, 1, imagesPerSecond);
    }
    const etas = writes.map((line) => / ETA (\S+)\n$/.exec(line)![1]);
    // Lines at step 5 and at the end of each epoch: 30 steps in all, minus those done, at 4 s each.
    const stepsLeft = [25, 20, 15, 10, 5, 0];
    expect(stepsLeft.map((left) => left * (batchSize / imagesPerSecond))).toEqual([100, 80, 60, 40, 20, 0]);
    expect(etas).toEqual(["1m40s", "1m20s", "1m00s", "40s", "20s", "0s"]);
    expect(writes.map((line) => /^epoch (\d)\/3 .* step (\d+)\/10 /.exec(line)!.slice(1).join(":"))).toEqual([
      "1:5",
      "1:10",
      "2:5",
      "2:10",
      "3:5",
      "3:10",
    ]);
  });

  it("shows on a TTY what runs between updates until the next update replaces it, and nothing off a TTY", () => {
    let now = 0;
    const options = { epochs: 2, stepsPerEpoch: 4, batchSize: 100, printEverySteps: 1, now: () => now };
    const tty = recorder(true);
    const progress = new ProgressLine(tty.sink, options);
    progress.status(1, 0, "first step…");
    progress.update(1, 1, 0.5, 200);
    progress.update(1, 4, 0.25, 200);
    progress.status(1, 4, "evaluating…");
    now = 50; // sooner than a redraw would be due: the status does not hold the next update back
    progress.update(2, 1, 0.2, 200);
    expect(tty.writes).toEqual([
      "\repoch 1/2 [----------] step 0/4  first step…\x1b[K",
      "\repoch 1/2 [##--------] step 1/4  loss 0.5000  200 img/s  ETA 4s\x1b[K",
      "\repoch 1/2 [##########] step 4/4  evaluating…\x1b[K",
      "\repoch 2/2 [##--------] step 1/4  loss 0.2000  200 img/s  ETA 2s\x1b[K",
    ]);
    const log = recorder(false);
    new ProgressLine(log.sink, options).status(1, 0, "first step…");
    expect(log.writes).toEqual([]);
  });

  it("rewrites one line on a TTY, at most every 100 ms, and keeps it at the end of the epoch", () => {
    const { writes, sink } = recorder(true);
    let now = 0;
    const progress = new ProgressLine(sink, { epochs: 1, stepsPerEpoch: 10, batchSize: 1, now: () => now });
    for (let step = 1; step <= 10; step++) {
      now += 40;
      progress.update(1, step, 0.5, 25);
    }
    progress.endEpoch(1, 0.5, 25);
    // Redraws at 40 ms (the first), 160 ms and 280 ms, 400 ms; then the final line.
    expect(writes.map((text) => text.match(/step (\d+)/)![1])).toEqual(["1", "4", "7", "10", "10"]);
    expect(writes[0]).toMatch(/^\r.*\x1b\[K$/);
    expect(writes.at(-1)).toBe("\repoch 1/1 [##########] step 10/10  loss 0.5000  25 img/s  ETA 0s\x1b[K\n");
  });

  it("draws the next epoch's first update on a TTY at once, however soon after the epoch ended", () => {
    const { writes, sink } = recorder(true);
    let now = 0;
    const progress = new ProgressLine(sink, { epochs: 2, stepsPerEpoch: 2, batchSize: 1, now: () => now });
    progress.update(1, 1, 0.5, 25);
    now = 30;
    progress.endEpoch(1, 0.5, 25);
    now = 60;
    progress.update(2, 1, 0.5, 25);
    expect(writes.map((text) => /^\repoch (\d)\/2 .* step (\d)\/2 /.exec(text)!.slice(1).join(":"))).toEqual([
      "1:1",
      "1:2",
      "2:1",
    ]);
  });
});
