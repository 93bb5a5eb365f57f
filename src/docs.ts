// `npm run docs`: regenerates the documents derived from the compiler itself — the syntax diagram
// (from the grammar) and the layer catalogue (from the op registry). Tests check both are fresh.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { syntaxDiagramsHtml } from "../grammar/diagram.js";
import { layerCatalogue } from "./7-emit/layer-docs.js";
import { packageRoot } from "./package-root.js";

const docs = join(packageRoot(), "docs");
for (const [name, text] of [
  ["syntax.html", syntaxDiagramsHtml()],
  ["layers.md", layerCatalogue()],
] as const) {
  writeFileSync(join(docs, name), text);
  console.log(`wrote docs/${name}`);
}
