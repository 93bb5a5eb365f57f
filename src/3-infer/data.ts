// The model against its train section: the input its data feeds and the output its loss reads.
// Checked with the shapes, before any plan, so `netc check` reports a spec that `netc train` could
// never feed, pointing at the spec. A misfit is a warning where an app may feed data of its own.

import type { Diagnostics, Note, SourceLoc } from "../diagnostics.js";
import { numel, shapeString, type Graph, type TrainConfig } from "../ir/graph.js";
import { FASHION_MNIST_CLASSES, FASHION_MNIST_SIDE } from "../../runtime/data.js";

/** What every Fashion-MNIST image and label is (the runtime's loader checks its files against the same). */
const FASHION_MNIST = { side: FASHION_MNIST_SIDE, classes: FASHION_MNIST_CLASSES.length };

export function checkTrainingData(graph: Graph, diags: Diagnostics, misfit: "error" | "warning"): void {
  const train = graph.train;
  if (train === undefined) return;
  const report = (loc: SourceLoc, message: string, notes: Note[]) =>
    misfit === "error" ? diags.error(loc, message, notes) : diags.warning(loc, message, notes);
  if (train.loss === "cross_entropy") warnOfSoftmaxBeforeLoss(graph, train, diags);
  const dataNote = { loc: train.locs.data, message: describeData(train.data) };
  if (graph.inputs.length !== 1) {
    diags.error(graph.nodes[graph.inputs[1]!]!.loc, "a trainable model takes one input tensor, which the data feeds", [
      dataNote,
    ]);
    return;
  }
  const input = graph.nodes[graph.inputs[0]!]!;
  const [batch, ...row] = input.shape;
  if (typeof batch === "number") {
    diags.error(
      input.loc,
      `the input's first dimension is the batch, which the train section sets: write [N, ${row.join(", ")}]`,
    );
    return;
  }
  const concreteRow = row.every((d) => typeof d === "number");
  const output = graph.nodes[graph.output]!;
  const outputRow = output.shape.slice(1);

  if (train.data.source === "fashion_mnist") {
    const side = train.data.resize ?? FASHION_MNIST.side;
    const image = [1, side, side];
    if (concreteRow && numel(row as number[]) !== side * side) {
      const square = row.length === 3 && row[0] === 1 && row[1] === row[2];
      report(
        input.loc,
        `the input ${shapeString(input.shape)} does not hold Fashion-MNIST images of ${shapeString(image)}: ` +
          (square
            ? `resize them with \`fashion_mnist(resize = ${row[1]})\` (or --image-size ${row[1]}), or make the input [N, ${image.join(", ")}]`
            : `make the input [N, ${image.join(", ")}]`),
        [dataNote],
      );
    } else if (train.data.resize !== undefined && row.length === 3 && (row[1] !== side || row[2] !== side)) {
      report(
        input.loc,
        `the data is resized to ${side}×${side} but the input is ${shapeString(input.shape)}: make them the same size`,
        [dataNote],
      );
    }
    if (train.loss !== "cross_entropy") {
      report(train.locs.loss, "Fashion-MNIST's targets are class labels: use loss = cross_entropy", [dataNote]);
    } else if (outputRow.length !== 1 || outputRow[0] !== FASHION_MNIST.classes) {
      report(
        output.loc,
        `the model's output ${shapeString(output.shape)} does not score Fashion-MNIST's ${FASHION_MNIST.classes} classes: ` +
          (outputRow.length === 1
            ? `end the model with ${FASHION_MNIST.classes} outputs, e.g. linear(${FASHION_MNIST.classes})`
            : "it must be [N, 10]; flatten it"),
        [dataNote],
      );
    }
    return;
  }

  const features = train.data.w.length;
  if (concreteRow && (row.length !== 1 || row[0] !== features)) {
    report(input.loc, `the input ${shapeString(input.shape)} does not hold the data's rows: make it [N, ${features}]`, [
      dataNote,
    ]);
  }
  if (train.loss !== "mse") {
    report(train.locs.loss, "synthetic_linear's targets are real numbers: use loss = mse", [dataNote]);
  } else if (outputRow.length !== 1 || outputRow[0] !== 1) {
    report(
      output.loc,
      `the model's output ${shapeString(output.shape)} does not predict the data's one target per row: end the model with linear(1)`,
      [dataNote],
    );
  }
}

/**
 * A model that ends in softmax trains, but worse: cross_entropy applies softmax to what it is given,
 * so the scores are squashed twice. A warning, since the spec is valid and an app may want the
 * probabilities; the fix is to drop the softmax and apply it where probabilities are wanted.
 */
function warnOfSoftmaxBeforeLoss(graph: Graph, train: TrainConfig, diags: Diagnostics): void {
  const output = graph.nodes[graph.output]!;
  if (output.op !== "softmax") return;
  diags.warning(output.loc, "cross_entropy takes logits and applies softmax itself: drop this softmax", [
    ...output.calledFrom,
    { loc: train.locs.loss, message: "the loss is set here" },
  ]);
}

function describeData(data: TrainConfig["data"]): string {
  if (data.source === "synthetic_linear") return `synthetic_linear: rows of ${data.w.length} features and one target`;
  const side = data.resize ?? FASHION_MNIST.side;
  return `Fashion-MNIST: [1, ${side}, ${side}] images in ${FASHION_MNIST.classes} classes`;
}
