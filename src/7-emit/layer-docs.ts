// The layer catalogue of docs/layers.md, generated from the op registry so it cannot drift from
// what the compiler accepts.

import { layers } from "../ops/index.js";

export function layerCatalogue(): string {
  const sections = [...layers.values()].map((family) => {
    const layer = family.layer!;
    const tensor = layer.tensors === "one" ? "x" : "x1, x2, ...";
    const args = layer.args.map((a) => (a.default === undefined ? a.name : `${a.name} = ${defaultText(a.default)}`));
    const rows = layer.args.map(
      (a) =>
        `| \`${a.name}\` | ${a.type === "int2" ? "int or (int, int)" : a.type === "axis" ? "int" : a.type} | ${a.default === undefined ? "required" : `\`${defaultText(a.default)}\``} | ${a.doc} |`,
    );
    return [
      `### \`${layer.name}\``,
      "",
      layer.doc,
      "",
      "```",
      `${layer.name}(${[tensor, ...args].join(", ")})`,
      "```",
      ...(rows.length > 0 ? ["", "| argument | type | default | meaning |", "|---|---|---|---|", ...rows] : []),
    ].join("\n");
  });
  return [
    "# Layers",
    "",
    "Generated from netc's op registry (`npm run docs`); every layer is also usable in a pipeline,",
    "where the piped tensor is its first argument: `x -> conv(64, 3, pad = 1)` is `conv(x, 64, 3, pad = 1)`.",
    "Input sizes (features, channels) are inferred from the input's shape.",
    "",
    ...sections.flatMap((s) => [s, ""]),
  ].join("\n");
}

function defaultText(value: unknown): string {
  if (typeof value === "object" && value !== null && "sameAs" in value)
    return String((value as { sameAs: string }).sameAs);
  return Array.isArray(value) ? `(${value.join(", ")})` : String(value);
}
