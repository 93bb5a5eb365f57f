// A page of test images, each with its predicted and true label and the top-3 probabilities.

import { gatherImageBatch, type ImageDataset, type Model } from "../../runtime/index.js";
import { classifyImages, showTopClasses } from "./classify.js";
import { element, paintImage } from "./dom.js";

export const GALLERY_SIZE = 32;

export class Gallery {
  private offset = 0;

  constructor(
    private readonly grid: HTMLElement,
    private readonly summary: HTMLElement,
    private readonly dataset: ImageDataset,
    private readonly model: Model,
  ) {}

  /** Moves on to the next images, wrapping around the test set. */
  next(): Promise<void> {
    this.offset = (this.offset + GALLERY_SIZE) % this.dataset.count;
    return this.refresh();
  }

  /** Classifies the shown images with the model's current weights and redraws them. */
  async refresh(): Promise<void> {
    const { dataset } = this;
    const count = Math.min(GALLERY_SIZE, dataset.count);
    const indices = Uint32Array.from({ length: count }, (_, k) => (this.offset + k) % dataset.count);
    const pixelsPerImage = dataset.rows * dataset.cols;
    const pixels = new Uint8Array(count * pixelsPerImage);
    gatherImageBatch(dataset, indices, pixels);
    const probabilities = await classifyImages(this.model, pixels, count);

    let correct = 0;
    const cards = [...indices].map((index, k) => {
      const row = probabilities[k]!;
      const predicted = row.indexOf(Math.max(...row));
      const truth = dataset.labels[index]!;
      if (predicted === truth) correct++;

      const card = element("figure", predicted === truth ? "card correct" : "card wrong");
      card.dataset.index = String(index);
      card.dataset.label = String(truth);
      // Full precision for tests and tools that compare with another runtime.
      card.dataset.probabilities = JSON.stringify([...row]);
      const canvas = element("canvas");
      canvas.width = dataset.cols;
      canvas.height = dataset.rows;
      paintImage(canvas, pixels.subarray(k * pixelsPerImage, (k + 1) * pixelsPerImage));
      const caption = element("figcaption");
      caption.append(
        element("span", "predicted", dataset.classes[predicted]),
        element("span", "truth", `true: ${dataset.classes[truth]}`),
      );
      const top = element("ol", "top3");
      showTopClasses(top, row, dataset.classes, { k: 3, decimals: 0 });
      card.append(canvas, caption, top);
      return card;
    });
    this.grid.replaceChildren(...cards);
    this.summary.textContent = `images ${this.offset + 1}–${this.offset + count} of ${dataset.count}: ${correct} of ${count} correct`;
  }
}
