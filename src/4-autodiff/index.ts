// Reverse-mode autodiff on the IR. The model graph is made concrete at the training batch size,
// a target input and the loss are appended, then each op family's `backward` adds gradient nodes
// in reverse order. Gradients reaching one tensor along several paths are summed; frozen
// parameters and anything that depends on no trainable parameter get none.

import type { Diagnostics } from "../diagnostics.js";
import {
  isOp,
  isParam,
  shapeString,
  type Graph,
  type Node,
  type OpNode,
  type Shape,
  type NewNode,
} from "../ir/graph.js";
import { family } from "../ops/index.js";
import { ShapeError } from "../ops/family.js";

export interface TrainingGraph {
  graph: Graph;
  /** Nodes before this index form the model's forward pass. */
  forwardCount: number;
  /** Class labels (u32) for cross-entropy, target values for MSE. */
  target: number;
  loss: number;
  /** Gradient node of each trainable parameter. */
  grads: Map<number, number>;
}

/** Every symbolic dimension set to `batch`: the back end works with concrete shapes only. */
function concretize(graph: Graph, batch: number): Graph {
  const nodes = graph.nodes.map(
    (node) => ({ ...node, shape: node.shape.map((d) => (typeof d === "number" ? d : batch)) }) as Node,
  );
  return { ...graph, nodes };
}

export function buildTraining(
  model: Graph,
  batch: number,
  loss: "cross_entropy" | "mse",
  diags: Diagnostics,
): TrainingGraph | undefined {
  const graph = concretize(model, batch);
  const forwardCount = graph.nodes.length;
  const output = graph.nodes[graph.output]!;
  const add = (node: NewNode): number => {
    const id = graph.nodes.length;
    graph.nodes.push({ calledFrom: [], ...node, id } as Node);
    return id;
  };

  const targetShape: Shape = loss === "cross_entropy" ? [batch] : output.shape;
  const target = add({
    op: "input",
    dtype: loss === "cross_entropy" ? "u32" : "f32",
    name: "target",
    inputs: [],
    shape: targetShape,
    loc: output.loc,
  });
  let lossNode: number;
  try {
    const shape = family(loss).infer([output.shape, targetShape], {}).shape;
    lossNode = add({ op: loss, name: "loss", inputs: [graph.output, target], attrs: {}, shape, loc: output.loc });
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    diags.error(
      output.loc,
      `the model's output ${shapeString(output.shape)} does not fit the ${loss} loss: ${error.message}`,
    );
    return undefined;
  }

  const trainable = needsGradient(graph);
  const contributions = new Map<number, number[]>();
  const contribute = (id: number, grad: number) => contributions.set(id, [...(contributions.get(id) ?? []), grad]);

  /** The summed gradient of a node, once every consumer (later in order) has contributed. */
  const gradientOf = (node: Node): number | undefined => {
    const parts = contributions.get(node.id);
    if (parts === undefined) return undefined;
    return parts.reduce((sum, part, k) =>
      add({
        op: "add",
        name: `${node.name}.grad_sum${k}`,
        inputs: [sum, part],
        attrs: {},
        shape: node.shape,
        loc: node.loc,
      }),
    );
  };

  const grads = new Map<number, number>();
  for (let id = lossNode; id >= 0; id--) {
    const node = graph.nodes[id]!;
    const dy = id === lossNode ? undefined : gradientOf(node);
    if (isParam(node)) {
      if (dy !== undefined) grads.set(id, dy);
      continue;
    }
    if (!isOp(node) || (dy === undefined && id !== lossNode)) continue;
    const opFamily = family(node.op);
    const needs = node.inputs.map((input) => trainable.has(input));
    if (!needs.some(Boolean)) continue;
    if (opFamily.backward === undefined) {
      diags.error(node.loc, `'${node.name}' (${node.op}) has no gradient yet, so this model cannot be trained`);
      return undefined;
    }
    const inputGrads = opFamily.backward({
      node: node as OpNode,
      dy,
      needs,
      shape: (n) => graph.nodes[n]!.shape,
      emit: (op, inputs, attrs, suffix) => {
        const shape = family(op).infer(
          inputs.map((n) => graph.nodes[n]!.shape),
          attrs,
        ).shape;
        return add({ op, name: `${node.name}.${suffix}`, inputs, attrs, shape, loc: node.loc });
      },
    });
    inputGrads.forEach((grad, k) => {
      if (grad !== undefined && needs[k]) contribute(node.inputs[k]!, grad);
    });
  }
  return { graph, forwardCount, target, loss: lossNode, grads };
}

/** Nodes on a path from a trainable (unfrozen) parameter: those that need a gradient. */
function needsGradient(graph: Graph): Set<number> {
  const result = new Set<number>();
  for (const node of graph.nodes) {
    if (isParam(node) ? !node.param.frozen : node.inputs.some((i) => result.has(i))) result.add(node.id);
  }
  return result;
}
