// The front end as one call: parse the spec and its imports, elaborate, infer shapes.

import { loadProgram } from "./1-parse/index.js";
import { elaborate } from "./2-elaborate/index.js";
import { inferShapes } from "./3-infer/index.js";
import { Diagnostics, type Diagnostic } from "./diagnostics.js";
import type { Graph } from "./ir/graph.js";

export interface FrontEndResult {
  /** Present when the spec has no errors. */
  graph?: Graph;
  diagnostics: Diagnostic[];
  /** Source text by file name, for printing diagnostics with their source lines. */
  sources: Map<string, string>;
}

export function frontEnd(file: string): FrontEndResult {
  const diags = new Diagnostics();
  const program = loadProgram(file, diags);
  // Elaborate even after parse errors in other items: recovery keeps the rest of the AST usable,
  // so one run reports name and shape errors too. Only a missing entry file stops here.
  if (program.entry.items.length === 0 && diags.hasErrors) return { diagnostics: diags.list, sources: program.sources };
  const elaborated = elaborate(program, diags);
  if (elaborated !== undefined) inferShapes(elaborated.graph, elaborated.assertions, diags);
  return {
    ...(elaborated !== undefined && !diags.hasErrors ? { graph: elaborated.graph } : {}),
    diagnostics: diags.list,
    sources: program.sources,
  };
}
