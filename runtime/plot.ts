// Training curves as a self-contained SVG, in the spirit of d2l's Animator.

export interface CurveSeries {
  name: string;
  /** [x, y] pairs; non-finite values are skipped. */
  points: readonly (readonly [number, number])[];
}

export interface PlotOptions {
  xLabel: string;
  yLabel?: string;
  title?: string;
}

export const PLOT_WIDTH = 480;
export const PLOT_HEIGHT = 320;
/** The plot area inside the figure, in SVG user units. */
export const PLOT_AREA = { left: 56, top: 32, right: PLOT_WIDTH - 16, bottom: PLOT_HEIGHT - 44 } as const;

// d2l's line formats '-', 'm--', 'g-.', 'r:' first, then more colours.
const COLORS = ["#1f77b4", "#bf00bf", "#008000", "#ff0000", "#ff7f0e", "#17becf"];
const DASHES = ["", "6 3", "6 3 1.5 3", "1.5 3"];
const TARGET_TICKS = 5;

/** Renders `series` as an SVG line chart; x runs from 0 to the largest x, y is padded by 5%. */
export function plotCurves(series: readonly CurveSeries[], options: PlotOptions): string {
  const curves = series.map((curve) => ({
    name: curve.name,
    points: curve.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
  }));
  const xs = curves.flatMap((curve) => curve.points.map(([x]) => x));
  const ys = curves.flatMap((curve) => curve.points.map(([, y]) => y));
  const xMax = xs.reduce((max, x) => Math.max(max, x), 0) || 1;
  const [yMin, yMax] = paddedRange(ys);

  const { left, top, right, bottom } = PLOT_AREA;
  const toX = (x: number): number => left + (x / xMax) * (right - left);
  const toY = (y: number): number => bottom - ((y - yMin) / (yMax - yMin)) * (bottom - top);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}" viewBox="0 0 ${PLOT_WIDTH} ${PLOT_HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}" fill="white"/>`,
  ];
  if (options.title !== undefined) {
    out.push(
      `<text x="${num((left + right) / 2)}" y="20" text-anchor="middle" font-size="13">${escapeXml(options.title)}</text>`,
    );
  }
  for (const tick of niceTicks(0, xMax)) {
    const x = num(toX(tick.value));
    out.push(`<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 4}" stroke="black"/>`);
    out.push(`<text x="${x}" y="${bottom + 16}" text-anchor="middle">${tick.label}</text>`);
  }
  for (const tick of niceTicks(yMin, yMax)) {
    const y = num(toY(tick.value));
    out.push(`<line x1="${left - 4}" y1="${y}" x2="${left}" y2="${y}" stroke="black"/>`);
    out.push(`<text x="${left - 7}" y="${y}" text-anchor="end" dominant-baseline="middle">${tick.label}</text>`);
  }
  out.push(
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="black"/>`,
  );
  out.push(
    `<text x="${num((left + right) / 2)}" y="${PLOT_HEIGHT - 8}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
  );
  if (options.yLabel !== undefined) {
    const middle = num((top + bottom) / 2);
    out.push(
      `<text x="14" y="${middle}" text-anchor="middle" transform="rotate(-90 14 ${middle})">${escapeXml(options.yLabel)}</text>`,
    );
  }

  curves.forEach((curve, index) => {
    const points = curve.points.map(([x, y]) => `${num(toX(x))},${num(toY(y))}`).join(" ");
    out.push(`<polyline fill="none" stroke-width="1.5" ${lineStyle(index)} points="${points}"/>`);
    // A marker at each point: a series of one point (a one-epoch run) has no line to draw.
    for (const [x, y] of curve.points) {
      out.push(`<circle cx="${num(toX(x))}" cy="${num(toY(y))}" r="2.5" fill="${COLORS[index % COLORS.length]}"/>`);
    }
  });

  // Legend in the top-right corner of the plot area, one row per series.
  const legendWidth = 36 + 6.5 * Math.max(0, ...curves.map((curve) => curve.name.length));
  const legendLeft = right - 8 - legendWidth;
  out.push(
    `<rect x="${num(legendLeft)}" y="${top + 8}" width="${num(legendWidth)}" height="${16 * curves.length + 6}" fill="white" fill-opacity="0.8" stroke="#ccc"/>`,
  );
  curves.forEach((curve, index) => {
    const y = top + 19 + 16 * index;
    out.push(
      `<line x1="${num(legendLeft + 6)}" y1="${y}" x2="${num(legendLeft + 28)}" y2="${y}" stroke-width="1.5" ${lineStyle(index)}/>`,
    );
    out.push(`<text x="${num(legendLeft + 32)}" y="${y}" dominant-baseline="middle">${escapeXml(curve.name)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

function lineStyle(index: number): string {
  const dash = DASHES[index % DASHES.length]!;
  return `stroke="${COLORS[index % COLORS.length]}"${dash ? ` stroke-dasharray="${dash}"` : ""}`;
}

/** The data's y range widened by 5% each side (a flat or empty series still gets a visible range). */
function paddedRange(values: readonly number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  // reduce, not Math.min(...values): spreading a long series overflows the argument limit.
  const low = values.reduce((min, value) => Math.min(min, value));
  const high = values.reduce((max, value) => Math.max(max, value));
  const pad = high > low ? (high - low) * 0.05 : Math.max(Math.abs(low) * 0.1, 0.5);
  return [low - pad, high + pad];
}

/** Round-number ticks (1, 2 or 5 × 10^k apart) inside [low, high]. */
function niceTicks(low: number, high: number): { value: number; label: string }[] {
  const rough = (high - low) / TARGET_TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough)!;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: { value: number; label: string }[] = [];
  for (let k = Math.ceil(low / step); k * step <= high + step * 1e-9; k++) {
    const value = k * step;
    const shown = Object.is(value, -0) ? 0 : value;
    // Far from 1 (a diverging loss), in exponent form: 5e+35 rather than thirty-six digits.
    ticks.push({ value, label: step >= 1e6 ? Number(shown.toPrecision(6)).toExponential() : shown.toFixed(decimals) });
  }
  return ticks;
}

/** Coordinates rounded to 0.01 so the output is short and byte-for-byte reproducible. */
function num(value: number): string {
  return String(Math.round(value * 100) / 100 + 0);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
