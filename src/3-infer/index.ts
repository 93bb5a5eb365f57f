// Shape inference: walks the graph in order, asking each op family for its output shape and the
// shapes of the parameters it owns. Errors name the shapes involved and where each came from.

import type { Diagnostics, Note } from "../diagnostics.js";
import type { ShapeAssertion } from "../2-elaborate/index.js";
import { isOp, isParam, shapeString, type Graph, type Node } from "../ir/graph.js";
import { ShapeError } from "../ops/family.js";
import { family as familyOf } from "../ops/index.js";

/** Fills in every node's shape; reports each independent error once. */
export function inferShapes(graph: Graph, assertions: readonly ShapeAssertion[], diags: Diagnostics): void {
  const failed = new Set<number>();
  for (const node of graph.nodes) {
    if (!isOp(node)) continue;
    const opFamily = familyOf(node.op);
    const owned = opFamily.owned?.(node.attrs) ?? [];
    const dataInputs = node.inputs.slice(0, node.inputs.length - owned.length);
    if (dataInputs.some((id) => failed.has(id))) {
      failed.add(node.id);
      continue;
    }
    try {
      const inferred = opFamily.infer(
        dataInputs.map((id) => graph.nodes[id]!.shape),
        node.attrs,
      );
      node.shape = inferred.shape;
      owned.forEach((_, k) => {
        graph.nodes[node.inputs[dataInputs.length + k]!]!.shape = inferred.owned![k]!;
      });
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      diags.error(node.loc, error.message, [...origins(graph, dataInputs), ...node.calledFrom]);
      failed.add(node.id);
    }
  }

  for (const assertion of assertions) {
    const node = graph.nodes[assertion.node]!;
    if (failed.has(node.id)) continue;
    const same = node.shape.length === assertion.shape.length && node.shape.every((d, i) => d === assertion.shape[i]);
    if (!same) {
      diags.error(
        assertion.loc,
        `shape assertion failed: expected ${shapeString(assertion.shape)}, got ${shapeString(node.shape)}`,
        [{ loc: node.loc, message: `'${node.name}' produces ${shapeString(node.shape)}` }],
      );
    }
  }

  for (const node of graph.nodes) {
    if (!isParam(node) || node.shape.length === 0) continue;
    const init = node.param.init.kind;
    if (init.startsWith("xavier") || init.startsWith("kaiming")) {
      if (node.shape.length < 2) {
        diags.error(
          node.param.initLoc ?? node.loc,
          `${init} needs a weight with fan-in and fan-out, but '${node.name}' has shape ${shapeString(node.shape)}: narrow the param rule's pattern`,
          [{ loc: node.loc, message: `'${node.name}' belongs to this layer` }],
        );
      }
    }
  }
}

function origins(graph: Graph, dataInputs: number[]): Note[] {
  return dataInputs.map((id, k) => {
    const input: Node = graph.nodes[id]!;
    const which = dataInputs.length > 1 ? `input ${k + 1}` : "the input";
    return { loc: input.loc, message: `${which} ${shapeString(input.shape)} comes from '${input.name}'` };
  });
}
