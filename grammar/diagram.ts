// Writes docs/syntax.html, railroad diagrams of every grammar rule, from the parser itself so the
// diagrams cannot drift from the grammar. Run `node dist/grammar/diagram.js` after `tsc`.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSyntaxDiagramsCode } from "chevrotain";
import { packageRoot } from "../src/package-root.js";
import { parser } from "./parser.js";

export function syntaxDiagramsHtml(): string {
  return createSyntaxDiagramsCode(parser.getSerializedGastProductions());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = join(packageRoot(), "docs", "syntax.html");
  writeFileSync(path, syntaxDiagramsHtml());
  console.log(`wrote ${path}`);
}
