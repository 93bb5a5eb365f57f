// Railroad diagrams of every grammar rule, from the parser itself so the diagrams cannot drift
// from the grammar (written to docs/syntax.html by `npm run docs`).

import { createSyntaxDiagramsCode } from "chevrotain";
import { parser } from "./parser.js";

export function syntaxDiagramsHtml(): string {
  return createSyntaxDiagramsCode(parser.getSerializedGastProductions());
}
