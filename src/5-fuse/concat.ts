// Copy-free concat. A convolution whose value (its output, or the activation fused into it) is an
// input of a concat along channels stores its GEMM's C straight into its channels of the concat's
// output — image n's channel c at n·total·H·W + (offset + c)·H·W — instead of into a buffer of its
// own that the concat then copies. The concat copies only the inputs other layers produce (in
// GoogLeNet, none: every Inception branch ends in conv + relu), in every mode.
//
// The producer's value then lives in the concat's buffer as a strided view (channels offset.. of
// each image): the plan places it there, and every other reader must read it through that view.
// The one reader that can is the activation gradient reading its saved output; where any other
// reader needs the value, the copy stays.

import type { TrainingGraph } from "../4-autodiff/index.js";
import { isOp, type Node, type OpNode } from "../ir/graph.js";
import { num } from "../ops/family.js";

/** Marks producers that write into their concat's output (see `concatSlot` in src/ops/structure.ts). */
export function concatInPlace(training: TrainingGraph): TrainingGraph {
  const { graph } = training;
  const nodes = graph.nodes.map((n) => ({ ...n }));
  const readers = new Map<number, Node[]>();
  for (const node of nodes) for (const input of node.inputs) readers.set(input, [...(readers.get(input) ?? []), node]);
  const readersOf = (id: number) => readers.get(id) ?? [];

  for (const concat of nodes.slice(0, training.forwardCount)) {
    if (!isOp(concat) || concat.op !== "concat" || concat.shape.length !== 4) continue;
    const axis = num(concat.attrs, "axis");
    if (axis !== 1 && axis !== -3) continue;
    const total = concat.shape[1] as number;
    const inPlace: number[] = [];
    let offset = 0;
    concat.inputs.forEach((input, k) => {
      const value = nodes[input]!;
      const producer = nodes[value.fusedInto ?? value.id]!;
      const writes =
        isOp(producer) &&
        producer.op === "conv2d" &&
        num(producer.attrs, "groups") === 1 &&
        value.id !== graph.output &&
        producer.id !== graph.output &&
        concat.inputs.filter((i) => i === value.id).length === 1 &&
        // The raw output is the value, or read only by the activation computed with it.
        (producer === value || readersOf(producer.id).every((r) => r.fusedInto === producer.id)) &&
        readersOf(value.id).every((r) => r === concat || readsSavedOutput(r, value.id));
      if (writes) {
        producer.attrs = { ...producer.attrs, concatInto: concat.id, channelOffset: offset, channelTotal: total };
        for (const reader of readersOf(value.id).filter((r): r is OpNode => r !== concat && isOp(r)))
          reader.attrs = { ...reader.attrs, savedChannelOffset: offset, savedChannelTotal: total };
        inPlace.push(k);
      }
      offset += value.shape[1] as number;
    });
    if (inPlace.length > 0) concat.attrs = { ...concat.attrs, inPlace };
  }
  return { ...training, graph: { ...graph, nodes } };
}

/** An activation gradient kernel that reads `value` only as the saved output (input 1), elementwise. */
function readsSavedOutput(reader: Node, value: number): boolean {
  return (
    isOp(reader) &&
    reader.op === "activation_grad" &&
    reader.fusedInto === undefined &&
    reader.inputs[0] !== value &&
    reader.inputs[1] === value
  );
}
