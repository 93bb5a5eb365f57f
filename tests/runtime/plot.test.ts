import { describe, expect, it } from "vitest";
import { plotCurves } from "../../runtime/index.js";

/** Checks that every tag is closed in order, which is all the XML well-formedness SVG text can get wrong here. */
function expectBalancedTags(svg: string): void {
  const open: string[] = [];
  for (const [tag, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (closing) expect(open.pop(), tag).toBe(name);
    else open.push(name!);
  }
  expect(open).toEqual([]);
  expect(svg).not.toMatch(/&(?!#\d+;)/); // every ampersand is an entity
}

const attribute = (element: string, name: string) => element.match(new RegExp(` ${name}="([^"]*)"`))?.[1];

describe("plotCurves", () => {
  const series = [
    {
      name: "train loss",
      points: [
        [0, 0],
        [1, 1],
        [2, 0.5],
      ] as [number, number][],
    },
    {
      name: "test acc",
      points: [
        [1, 0.25],
        [1.5, NaN],
      ] as [number, number][],
    },
  ];
  const svg = plotCurves(series, { xLabel: "epoch", title: "loss <&> acc" });

  it("is a self-contained, well-formed SVG", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320"')).toBe(true);
    expect(svg.endsWith("</svg>\n")).toBe(true);
    expectBalancedTags(svg);
    expect(svg).toContain(">loss &#60;&#38;&#62; acc</text>");
    expect(svg).toContain(">epoch</text>");
  });

  it("maps points into the plot area: x from 0 to the largest x, y padded by 5% of its range", () => {
    // Plot area x 56..464, y 32..276; y range [0, 1] padded to [-0.05, 1.05].
    const polylines = [...svg.matchAll(/<polyline[^>]*>/g)].map(([element]) => element);
    expect(polylines).toHaveLength(2);
    expect(attribute(polylines[0]!, "points")).toBe("56,264.91 260,43.09 464,154");
    expect(attribute(polylines[1]!, "points")).toBe("260,209.45"); // the NaN point is skipped
  });

  it("gives each series its own colour and dash style, and a legend entry", () => {
    const polylines = [...svg.matchAll(/<polyline[^>]*>/g)].map(([element]) => element);
    expect(attribute(polylines[0]!, "stroke")).not.toBe(attribute(polylines[1]!, "stroke"));
    expect(attribute(polylines[0]!, "stroke-dasharray")).toBeUndefined();
    expect(attribute(polylines[1]!, "stroke-dasharray")).toBe("6 3");
    expect(svg).toContain(">train loss</text>");
    expect(svg).toContain(">test acc</text>");
  });

  it("labels round-number ticks on both axes", () => {
    const labels = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map(([, text]) => text);
    expect(labels).toEqual(expect.arrayContaining(["0.0", "0.5", "1.0", "1.5", "2.0"]));
    const tickLabel = (value: string, anchor: string) =>
      [...svg.matchAll(/<text [^>]*>[^<]*<\/text>/g)].find(
        ([element]) => element.endsWith(`>${value}</text>`) && attribute(element, "text-anchor") === anchor,
      )?.[0];
    expect(attribute(tickLabel("2.0", "middle")!, "x")).toBe("464"); // x tick at the right edge
    expect(attribute(tickLabel("1.0", "end")!, "y")).toBe("43.09"); // y tick for 1.0, level with the point (1, 1)
    expect(attribute(tickLabel("0.0", "end")!, "y")).toBe("264.91");
  });

  it("marks each point, so a one-epoch run's curves show, and labels a diverged loss's ticks in exponent form", () => {
    const one = plotCurves([{ name: "train loss", points: [[1, 0.5]] }], { xLabel: "epoch" });
    const markers = [...one.matchAll(/<circle [^>]*\/>/g)].map(([circle]) => circle);
    expect(markers).toHaveLength(1);
    expect(attribute(markers[0]!, "cy")).toBe(attribute(one.match(/<polyline [^>]*\/>/)![0], "points")!.split(",")[1]);
    const diverged = plotCurves(
      [
        {
          name: "train loss",
          points: [
            [1, 2.3],
            [2, 5e35],
          ],
        },
      ],
      { xLabel: "epoch" },
    );
    const labels = [...diverged.matchAll(/text-anchor="end" dominant-baseline="middle">([^<]*)</g)].map(([, l]) => l!);
    expect(labels.length).toBeGreaterThan(1);
    for (const label of labels) expect(label).toMatch(/^(0|-?\d(\.\d+)?e[+-]\d+)$/);
  });

  it("skips a diverged loss's infinite points like NaN ones: the same SVG as without them, with finite coordinates", () => {
    const finite: [number, number][] = [
      [1, 2.3],
      [2, 1.7],
      [4, 0.9],
    ];
    const withoutPoint = plotCurves([{ name: "train loss", points: finite }], { xLabel: "epoch" });
    for (const bad of [Infinity, -Infinity]) {
      const points: [number, number][] = [finite[0]!, finite[1]!, [3, bad], finite[2]!];
      const svg = plotCurves([{ name: "train loss", points }], { xLabel: "epoch" });
      expect(svg, String(bad)).toBe(withoutPoint);
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
    // The y axis spans the finite losses alone: 0.9..2.3 padded by 5% of 1.4.
    const ticks = [...withoutPoint.matchAll(/text-anchor="end" dominant-baseline="middle">([^<]*)</g)].map(
      ([, l]) => l,
    );
    expect(ticks).toEqual(["1.0", "1.5", "2.0"]);
  });

  it("is deterministic and survives empty or flat input", () => {
    expect(plotCurves(series, { xLabel: "epoch", title: "loss <&> acc" })).toBe(svg);
    const empty = plotCurves([], { xLabel: "epoch" });
    expectBalancedTags(empty);
    expect(empty).not.toContain("<polyline");
    const flat = plotCurves(
      [
        {
          name: "acc",
          points: [
            [1, 0.5],
            [2, 0.5],
          ],
        },
      ],
      { xLabel: "epoch", yLabel: "accuracy" },
    );
    expectBalancedTags(flat);
    expect(flat).toContain('points="260,154 464,154"'); // centred in a ±0.5 range
    expect(flat).toContain(">accuracy</text>");
  });

  it("gives a flat series a range of ±10% of its value, and at least ±0.5", () => {
    const yTicks = (value: number) => {
      const svg = plotCurves([{ name: "acc", points: [[1, value]] }], { xLabel: "epoch" });
      // The y axis's labels are right-aligned (text-anchor="end"), the x axis's centred.
      return [...svg.matchAll(/<text x="49" y="[^"]*" text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    };
    // 0.9 ± 0.5: [0.4, 1.4] in steps of 0.2 (not 0.9 ± 0.09).
    expect(yTicks(0.9)).toEqual(["0.4", "0.6", "0.8", "1.0", "1.2", "1.4"]);
    // 100 ± 10: [90, 110] in steps of 5.
    expect(yTicks(100)).toEqual(["90", "95", "100", "105", "110"]);
  });
});
