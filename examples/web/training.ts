// Trains a fresh MLP or LeNet in the page with the runtime's training loop (the one `netc train`
// uses), drawing the curves as it goes; the result can be downloaded, and a trained MLP used to classify.

import { createLenet, plan as lenetPlan } from "../../generated/lenet/model.js";
import { createMlp, plan as mlpPlan } from "../../generated/mlp/model.js";
import {
  imageSource,
  plotCurves,
  trainModel,
  type EpochResult,
  type ImageDataset,
  type Model,
} from "../../runtime/index.js";
import type { ModelPlan } from "../../runtime/plan.js";
import { byId, element, errorMessage } from "./dom.js";

/** The spec's path from the repository root: `plan.source` is its path from the module's folder, generated/<model>/. */
export function specPath(plan: ModelPlan): string {
  return new URL(plan.source, `file:///generated/${plan.model}/`).pathname.slice(1);
}

export interface TrainingData {
  train: ImageDataset;
  test: ImageDataset;
}

export interface TrainingPanelOptions {
  device: GPUDevice;
  /** Fetched on the first run only. */
  loadData(): Promise<TrainingData>;
  /** Puts checkpoint bytes into the classifier (an MLP). */
  useWeights(bytes: Uint8Array, source: string): Promise<void>;
  report(message: string): void;
}

interface TrainableModel {
  plan: ModelPlan;
  create(device: GPUDevice): Promise<Model>;
}

/** The choices of the page's model menu, by option value. */
const TRAINABLE_MODELS: Record<string, TrainableModel> = {
  mlp: { plan: mlpPlan, create: createMlp },
  lenet: { plan: lenetPlan, create: createLenet },
};

const MAX_EPOCHS = 50;
type Curve = [number, number][];

export class TrainingPanel {
  private readonly modelSelect = byId("train-model", HTMLSelectElement);
  private readonly epochsInput = byId("train-epochs", HTMLInputElement);
  private readonly startButton = byId("train-start", HTMLButtonElement);
  private readonly stopButton = byId("train-stop", HTMLButtonElement);
  private readonly useButton = byId("train-use", HTMLButtonElement);
  private readonly downloadButton = byId("train-download", HTMLButtonElement);
  private readonly status = byId("train-status", HTMLParagraphElement);
  private readonly epochLog = byId("train-epochs-log", HTMLOListElement);
  private readonly chart = byId("train-chart", HTMLDivElement);
  private data: Promise<TrainingData> | undefined;
  private model: Model | undefined;
  private epochsDone = 0;
  private stopRequested = false;

  constructor(private readonly options: TrainingPanelOptions) {
    this.describeChoice();
    this.modelSelect.addEventListener("change", () => this.describeChoice());
    this.startButton.addEventListener("click", () => void this.train());
    this.stopButton.addEventListener("click", () => {
      this.stopRequested = true;
      this.stopButton.disabled = true;
    });
    this.useButton.addEventListener("click", () => void this.useTrainedWeights());
    this.downloadButton.addEventListener("click", () => void this.download());
    this.drawChart([], [], []);
  }

  private chosenModel(): TrainableModel {
    const chosen = TRAINABLE_MODELS[this.modelSelect.value];
    if (chosen === undefined)
      throw new Error(`index.html offers a model "${this.modelSelect.value}" that training.ts does not know`);
    return chosen;
  }

  private describeChoice(): void {
    const { plan } = this.chosenModel();
    byId("train-about", HTMLSpanElement).textContent =
      `${specPath(plan)}: batch ${plan.batch}, ${plan.optimizer.kind.toUpperCase()} at learning rate ${plan.optimizer.lr}`;
  }

  private async train(): Promise<void> {
    const { plan, create } = this.chosenModel();
    const epochs = Number(this.epochsInput.value);
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > MAX_EPOCHS) {
      this.options.report(`Epochs must be a whole number from 1 to ${MAX_EPOCHS}.`);
      return;
    }
    this.setRunning(true);
    const loss: Curve = [];
    const trainAccuracy: Curve = [];
    const testAccuracy: Curve = [];
    this.epochLog.replaceChildren();
    this.drawChart(loss, trainAccuracy, testAccuracy);
    try {
      this.status.textContent = "Fetching the training images…";
      this.data ??= this.options.loadData();
      const { train, test } = await this.data;
      this.model?.destroy();
      this.model = undefined;
      this.model = await create(this.options.device);
      this.epochsDone = 0;
      this.status.textContent = `Training on ${train.count.toLocaleString("en")} images…`;
      const started = performance.now();
      const results = await trainModel(this.model, imageSource(train, plan.batch), imageSource(test, plan.batch), {
        epochs,
        seed: plan.seed,
        shouldStop: () => this.stopRequested,
        onProgress: (progress) => {
          if (!Number.isFinite(progress.loss)) return; // an empty final metrics window
          loss.push([progress.epoch + progress.step / progress.stepsPerEpoch, progress.loss]);
          this.status.textContent =
            `Epoch ${progress.epoch + 1}/${epochs}, step ${progress.step}/${progress.stepsPerEpoch}: ` +
            `loss ${progress.loss.toFixed(4)}, ${Math.round(progress.imagesPerSecond).toLocaleString("en")} images/s`;
          this.drawChart(loss, trainAccuracy, testAccuracy);
        },
        onWait: ({ kind, epoch }) => {
          this.status.textContent =
            kind === "first step"
              ? "Running the first step…"
              : `Epoch ${epoch + 1}/${epochs}: evaluating on the test set…`;
        },
        onEpoch: (result) => {
          this.epochsDone = result.epoch;
          trainAccuracy.push([result.epoch, result.trainAccuracy]);
          testAccuracy.push([result.epoch, result.testAccuracy!]);
          this.epochLog.append(epochItem(result));
          this.drawChart(loss, trainAccuracy, testAccuracy);
        },
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const last = results.at(-1);
      const outcome = last ? `test accuracy ${percent(last.testAccuracy!)}` : "no epoch finished";
      this.status.textContent = `${this.stopRequested ? "Stopped" : "Finished"} after ${results.length} epoch${results.length === 1 ? "" : "s"} in ${seconds} s: ${outcome}.`;
    } catch (error) {
      this.status.textContent = "Training failed.";
      this.options.report(`Training failed: ${errorMessage(error)}`);
    } finally {
      this.setRunning(false);
    }
  }

  private async useTrainedWeights(): Promise<void> {
    if (this.model === undefined) return;
    await this.options.useWeights(await this.model.save(), `trained in this page (${this.epochsDone} epochs)`);
  }

  private async download(): Promise<void> {
    if (this.model === undefined) return;
    const bytes = await this.model.save();
    const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
    const link = element("a");
    link.href = url;
    link.download = `${this.model.plan.model}-browser.safetensors`;
    link.click();
    // Revoked once the click has started the download.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  private setRunning(running: boolean): void {
    this.stopRequested = false;
    this.startButton.disabled = running;
    this.modelSelect.disabled = running;
    this.epochsInput.disabled = running;
    this.stopButton.disabled = !running;
    const trained = !running && this.model !== undefined;
    // The gallery and the drawing pad classify with an MLP; a LeNet checkpoint would not fit it.
    this.useButton.disabled = !trained || this.model?.plan !== mlpPlan;
    this.downloadButton.disabled = !trained;
  }

  private drawChart(loss: Curve, trainAccuracy: Curve, testAccuracy: Curve): void {
    // The SVG comes from the runtime's plotter, which escapes every text it writes.
    this.chart.innerHTML = plotCurves(
      [
        { name: "train loss", points: loss },
        { name: "train acc", points: trainAccuracy },
        { name: "test acc", points: testAccuracy },
      ],
      { xLabel: "epoch" },
    );
  }
}

function epochItem(result: EpochResult): HTMLLIElement {
  const item = element(
    "li",
    undefined,
    `Epoch ${result.epoch}: loss ${result.trainLoss.toFixed(4)}, train ${percent(result.trainAccuracy)}, test ${percent(result.testAccuracy!)}`,
  );
  item.dataset.trainLoss = String(result.trainLoss);
  item.dataset.testAccuracy = String(result.testAccuracy);
  return item;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
