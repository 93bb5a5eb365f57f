// The one-line training progress display.

export interface ProgressState {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Steps done in this epoch. */
  step: number;
  steps: number;
  loss: number;
  imagesPerSecond: number;
  etaSeconds: number;
  trainAcc?: number;
  testAcc?: number;
}

const BAR_WIDTH = 10;

/** `epoch 3/10 [#####-----] step 120/235  loss 0.5123  12,345 img/s  ETA 1m02s` */
export function renderProgress(state: ProgressState): string {
  const parts = [
    renderBar(state),
    // A diverging loss in five significant digits, not forty.
    `loss ${Math.abs(state.loss) < 1e6 ? state.loss.toFixed(4) : state.loss.toPrecision(5)}`,
  ];
  if (state.trainAcc !== undefined) parts.push(`train acc ${state.trainAcc.toFixed(4)}`);
  if (state.testAcc !== undefined) parts.push(`test acc ${state.testAcc.toFixed(4)}`);
  parts.push(`${groupThousands(Math.round(state.imagesPerSecond))} img/s`, `ETA ${formatDuration(state.etaSeconds)}`);
  return parts.join("  ");
}

/** `epoch 3/10 [#####-----] step 120/235` */
function renderBar(state: Pick<ProgressState, "epoch" | "epochs" | "step" | "steps">): string {
  const filled = Math.min(BAR_WIDTH, Math.floor((state.step / state.steps) * BAR_WIDTH));
  return `epoch ${state.epoch}/${state.epochs} [${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] step ${state.step}/${state.steps}`;
}

/** `45s`, `1m02s`, `2h05m`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${pad2(whole % 60)}s`;
  return `${Math.floor(whole / 3600)}h${pad2(Math.floor((whole % 3600) / 60))}m`;
}

// Locale-independent, so logs read the same on every machine.
function groupThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}

/** Where progress goes: `process.stdout` fits, as does anything with `write`. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressLineOptions {
  epochs: number;
  stepsPerEpoch: number;
  batchSize: number;
  /** Without a TTY, print a line every this many steps (default: 10 lines per epoch). */
  printEverySteps?: number;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
}

/** A TTY redraws at most this often, so fast steps are not slowed by terminal output. */
const REDRAW_INTERVAL_MS = 100;

/**
 * Reports training progress: on a TTY one line rewritten in place (`\r`), elsewhere one line
 * every `printEverySteps` steps. Each epoch ends with its final line kept. The throughput is the
 * trainer's (training steps alone, as the metrics log has it); the ETA follows from it.
 */
export class ProgressLine {
  private readonly now: () => number;
  private readonly printEverySteps: number;
  private lastDrawMs = -Infinity;
  /** Off a TTY: the last step of the epoch a line was printed for. */
  private lastPrintedStep = 0;

  constructor(
    private readonly sink: TextSink,
    private readonly options: ProgressLineOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.printEverySteps = options.printEverySteps ?? Math.max(1, Math.ceil(options.stepsPerEpoch / 10));
  }

  /** Call after each step with the 1-based epoch, the steps done in it, the step's loss and the epoch's images/s so far. */
  update(epoch: number, step: number, loss: number, imagesPerSecond: number): void {
    if (this.sink.isTTY) {
      const nowMs = this.now();
      if (nowMs - this.lastDrawMs < REDRAW_INTERVAL_MS) return;
      this.lastDrawMs = nowMs;
      this.sink.write(`\r${renderProgress(this.state(epoch, step, loss, imagesPerSecond))}\x1b[K`);
    } else if (
      // Updates come a metrics window at a time, so a line is due once a multiple of printEverySteps is passed.
      Math.floor(step / this.printEverySteps) > Math.floor(this.lastPrintedStep / this.printEverySteps) &&
      step < this.options.stepsPerEpoch
    ) {
      this.lastPrintedStep = step;
      this.sink.write(`${renderProgress(this.state(epoch, step, loss, imagesPerSecond))}\n`);
    }
  }

  /**
   * On a TTY, says what runs now that reports no steps (the run's first step, an evaluation) until
   * the next update replaces it. Off a TTY nothing: the lines printed there are the progress.
   */
  status(epoch: number, step: number, text: string): void {
    if (!this.sink.isTTY) return;
    const bar = renderBar({ epoch, epochs: this.options.epochs, step, steps: this.options.stepsPerEpoch });
    this.sink.write(`\r${bar}  ${text}\x1b[K`);
    // The next update draws at once.
    this.lastDrawMs = -Infinity;
  }

  /** Prints the epoch's final line, with its images/s and accuracies when given. */
  endEpoch(
    epoch: number,
    loss: number,
    imagesPerSecond: number,
    accuracy: { trainAcc?: number; testAcc?: number } = {},
  ): void {
    const line = renderProgress({
      ...this.state(epoch, this.options.stepsPerEpoch, loss, imagesPerSecond),
      ...accuracy,
    });
    this.sink.write(this.sink.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
    this.lastDrawMs = -Infinity;
    this.lastPrintedStep = 0;
  }

  private state(epoch: number, step: number, loss: number, imagesPerSecond: number): ProgressState {
    const { epochs, stepsPerEpoch, batchSize } = this.options;
    const stepsLeft = (epochs - epoch) * stepsPerEpoch + (stepsPerEpoch - step);
    const secondsPerStep = imagesPerSecond > 0 ? batchSize / imagesPerSecond : 0;
    return {
      epoch,
      epochs,
      step,
      steps: stepsPerEpoch,
      loss,
      imagesPerSecond,
      etaSeconds: stepsLeft * secondsPerStep,
    };
  }
}
