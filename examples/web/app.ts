// The demo page: acquires WebGPU, loads a checkpoint into the generated MLP, classifies test images
// and drawings, and trains a second copy of the model in the page.

import { createMlp, plan } from "../../generated/mlp/model.js";
import {
  FASHION_MNIST_CLASSES,
  imageDatasetFromIdx,
  parseIdx,
  NoAdapterError,
  requestBrowserGpu,
  type GpuContext,
  type ImageDataset,
} from "../../runtime/index.js";
import { classifyImages, showTopClasses } from "./classify.js";
import { byId, errorMessage } from "./dom.js";
import { Gallery } from "./gallery.js";
import { SketchPad } from "./sketch.js";
import { specPath, TrainingPanel } from "./training.js";

const alertBox = byId("alert", HTMLParagraphElement);

function showAlert(message: string): void {
  alertBox.textContent = message;
  alertBox.hidden = false;
}

async function fetchBytes(url: string): Promise<Uint8Array<ArrayBuffer>> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`cannot fetch ${url} (${errorMessage(error)}); is the demo server still running?`);
  }
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function fetchDataset(split: "train" | "test"): Promise<ImageDataset> {
  const [images, labels] = await Promise.all([
    fetchBytes(`/data/${split}-images.idx`),
    fetchBytes(`/data/${split}-labels.idx`),
  ]);
  return imageDatasetFromIdx(parseIdx(images), parseIdx(labels), FASHION_MNIST_CLASSES);
}

async function start(): Promise<void> {
  let gpu: GpuContext;
  try {
    // Compatibility mode also finds adapters that offer nothing else (OpenGL ES backends, older
    // GPUs). The device gets the adapter's own limits; where they fall short of the kernels' (up
    // to 8 storage buffers and 256 threads a workgroup), creating a model says which.
    gpu = await requestBrowserGpu({
      featureLevel: "compatibility",
      onError: (error) => showAlert(`${error.message}. Reload the page to start again.`),
    });
  } catch (error) {
    if (!(error instanceof NoAdapterError)) throw error;
    byId("no-webgpu-reason", HTMLParagraphElement).textContent =
      `${error.message[0]!.toUpperCase()}${error.message.slice(1)}.`;
    byId("no-webgpu", HTMLElement).hidden = false;
    byId("device", HTMLParagraphElement).textContent = "No WebGPU in this browser.";
    return;
  }
  const parameters = plan.tensors.reduce((total, tensor) => total + tensor.shape.reduce((a, b) => a * b, 1), 0);
  const mode = gpu.features.has("core-features-and-limits") ? "" : " (compatibility mode)";
  byId("device", HTMLParagraphElement).textContent =
    `${gpu.adapterName.trim() || "WebGPU adapter"}${mode} · ${plan.model}: ${parameters.toLocaleString("en")} parameters, ` +
    `${plan.kernels.length} kernels, ${plan.train.length} dispatches per training step`;

  const [test, classifier] = await Promise.all([fetchDataset("test"), createMlp(gpu.device)]);
  const gallery = new Gallery(
    byId("gallery", HTMLDivElement),
    byId("gallery-summary", HTMLSpanElement),
    test,
    classifier,
  );
  const sketchResult = byId("sketch-result", HTMLOListElement);
  const sketch = new SketchPad(byId("sketch", HTMLCanvasElement), async (pixels) => {
    try {
      const [probabilities] = await classifyImages(classifier, pixels, 1);
      showTopClasses(sketchResult, probabilities!, FASHION_MNIST_CLASSES, { k: 3, decimals: 1 });
    } catch (error) {
      showAlert(`Could not classify the drawing: ${errorMessage(error)}`);
    }
  });
  byId("sketch-clear", HTMLButtonElement).addEventListener("click", () => {
    sketch.clear();
    sketchResult.replaceChildren();
  });

  const weightsStatus = byId("weights-status", HTMLParagraphElement);
  /** Loads a checkpoint into the classifier; a bad one is refused and the current weights stay. */
  async function useWeights(source: string, read: () => Promise<Uint8Array>): Promise<void> {
    try {
      classifier.load(await read());
    } catch (error) {
      showAlert(
        `Could not load weights from ${source}: ${errorMessage(error)}. Choose a checkpoint written by \`netc train ${specPath(plan)}\`.`,
      );
      return;
    }
    alertBox.hidden = true;
    await gallery.refresh();
    weightsStatus.textContent = `Using ${source}`;
    sketch.resend();
  }

  const urlInput = byId("weights-url", HTMLInputElement);
  byId("weights-form", HTMLFormElement).addEventListener("submit", (event) => {
    event.preventDefault();
    void useWeights(urlInput.value, () => fetchBytes(urlInput.value));
  });
  const fileInput = byId("weights-file", HTMLInputElement);
  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    fileInput.value = ""; // picking the same file again still fires "change"
    if (file) void useWeights(file.name, async () => new Uint8Array(await file.arrayBuffer()));
  });
  byId("gallery-next", HTMLButtonElement).addEventListener(
    "click",
    () => void gallery.next().catch((error: unknown) => showAlert(errorMessage(error))),
  );

  new TrainingPanel({
    device: gpu.device,
    loadData: async () => ({ train: await fetchDataset("train"), test }),
    useWeights: (bytes, source) => useWeights(source, async () => bytes),
    report: showAlert,
  });

  byId("demo", HTMLElement).hidden = false;
  await useWeights(urlInput.value, () => fetchBytes(urlInput.value));
}

start().catch((error: unknown) => showAlert(`The demo could not start: ${errorMessage(error)}`));
