// Class probabilities from the model's logits, and their display as a top-k list with bars.

import type { Model } from "../../runtime/index.js";
import { element } from "./dom.js";

/** Softmax of each row of `logits` (rows × classes), in float64 with the row's maximum subtracted. */
export function softmaxRows(logits: Float32Array, classes: number): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let start = 0; start < logits.length; start += classes) {
    const row = logits.subarray(start, start + classes);
    const top = row.reduce((max, value) => Math.max(max, value), -Infinity);
    const exps = Float64Array.from(row, (value) => Math.exp(value - top));
    const sum = exps.reduce((total, value) => total + value, 0);
    rows.push(exps.map((value) => value / sum));
  }
  return rows;
}

/** Class probabilities of `count` images stored one after another in `pixels`. */
export async function classifyImages(
  model: Model,
  pixels: Uint8Array<ArrayBuffer>,
  count: number,
): Promise<Float64Array[]> {
  const logits = await model.predict({ kind: "images", pixels, rows: count });
  return softmaxRows(logits, logits.length / count);
}

/** Fills `list` with the `k` most probable classes, most probable first; CSS draws each share as a bar. */
export function showTopClasses(
  list: HTMLOListElement,
  probabilities: Float64Array,
  classes: readonly string[],
  options: { k: number; decimals: number },
): void {
  const ranked = [...probabilities.keys()].sort((a, b) => probabilities[b]! - probabilities[a]!).slice(0, options.k);
  list.replaceChildren(
    ...ranked.map((label) => {
      const item = element("li");
      item.style.setProperty("--share", String(probabilities[label]));
      item.append(
        element("span", "name", classes[label]),
        element("span", "percent", `${(probabilities[label]! * 100).toFixed(options.decimals)}%`),
      );
      return item;
    }),
  );
}
