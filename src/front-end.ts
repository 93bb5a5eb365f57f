// The front end as one call: parse the spec and its imports, elaborate, infer shapes.

import { loadProgram } from "./1-parse/index.js";
import { elaborate } from "./2-elaborate/index.js";
import type { RunSettings } from "./2-elaborate/train.js";
import { checkTrainingData } from "./3-infer/data.js";
import { inferShapes } from "./3-infer/index.js";
import { Diagnostics, type Diagnostic, type Note } from "./diagnostics.js";
import { shapeString, type Graph } from "./ir/graph.js";

export interface FrontEndResult {
  /** Present when the spec has no errors. */
  graph?: Graph;
  diagnostics: Diagnostic[];
  /** Source text by file name, for printing diagnostics with their source lines. */
  sources: Map<string, string>;
}

export interface FrontEndOptions {
  /**
   * `--image-size`: replaces the height and width of the model's image input and the side its data
   * is resized to, e.g. to train the 224-pixel specs at 64 pixels on a slow adapter.
   */
  imageSize?: number;
  /**
   * The caller feeds the model its spec's data (`netc train`, `eval`, `profile`): a model that does
   * not fit that data is an error. Elsewhere it is a warning, since an app may feed its own data.
   */
  feedsSpecData?: boolean;
  /** A file of blocks without a model is fine (`netc check std/vision.net`): no graph, no error. */
  library?: boolean;
  /** The learning rate, epochs and seed this run trains with instead of the spec's. */
  run?: RunSettings;
}

export function frontEnd(file: string, options: FrontEndOptions = {}): FrontEndResult {
  const diags = new Diagnostics();
  const program = loadProgram(file, diags);
  // Elaborate even after parse errors in other items: recovery keeps the rest of the AST usable,
  // so one run reports name and shape errors too. Only a missing entry file stops here.
  if (program.entry.items.length === 0 && diags.hasErrors) return { diagnostics: diags.list, sources: program.sources };
  const elaborated = elaborate(program, diags, options.library, options.run);
  if (elaborated !== undefined) {
    const resized =
      options.imageSize === undefined ? undefined : resizeInput(elaborated.graph, options.imageSize, diags);
    const errorsBefore = diags.list.length;
    inferShapes(elaborated.graph, elaborated.assertions, diags);
    if (!diags.hasErrors) checkTrainingData(elaborated.graph, diags, options.feedsSpecData ? "error" : "warning");
    // A shape the spec never had: every shape error also says where the input's size came from.
    if (resized !== undefined) for (const d of diags.list.slice(errorsBefore)) d.notes.push(resized);
  }
  return {
    ...(elaborated !== undefined && !diags.hasErrors ? { graph: elaborated.graph } : {}),
    diagnostics: diags.list,
    sources: program.sources,
  };
}

/** Gives the model's image input `side`×`side` pixels and has its data resized to match. */
function resizeInput(graph: Graph, side: number, diags: Diagnostics): Note | undefined {
  const inputs = graph.inputs.map((id) => graph.nodes[id]!);
  const input = inputs[0];
  if (input === undefined) return undefined;
  if (inputs.length !== 1 || input.shape.length !== 4) {
    const shapes = inputs.map((i) => `'${i.name}' is ${shapeString(i.shape)}`).join(", ");
    diags.error(input.loc, `--image-size needs one image input [N, C, H, W], but ${shapes}; leave --image-size out`);
    return undefined;
  }
  input.shape = [input.shape[0]!, input.shape[1]!, side, side];
  if (graph.train?.data.source === "fashion_mnist") graph.train.data = { ...graph.train.data, resize: side };
  return { loc: input.loc, message: `'${input.name}' is ${shapeString(input.shape)} because of --image-size ${side}` };
}
