// Property test of the whole front end: random token-level mutations of valid specs never make it
// throw or stall, and every run ends in a graph or in at least one diagnostic located in its file.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { tokenize } from "../grammar/tokens.js";
import { summarize } from "../src/7-emit/summary.js";
import { formatDiagnostic, type SourceLoc } from "../src/diagnostics.js";
import { frontEnd } from "../src/front-end.js";

const RUNS = 300;
/** Far above the few milliseconds a spec takes; a mutation that loops or blows up exceeds it. */
const MAX_MILLISECONDS_PER_SPEC = 2000;

// Every spec of the zoo, plus the standard library with GoogLeNet and ResNet-18 appended (so that
// mutations reach block definitions, and the file still has a model).
const seeds = [
  ...readdirSync("specs")
    .filter((f) => f.endsWith(".net"))
    .map((f) => readFileSync(`specs/${f}`, "utf8")),
  ...["googlenet", "resnet18"].map(
    (m) => readFileSync("std/vision.net", "utf8") + readFileSync(`specs/${m}.net`, "utf8").replace(/^import .*$/m, ""),
  ),
];

interface Token {
  image: string;
  start: number;
  kind: string;
}

function tokensOf(text: string): Token[] {
  return tokenize(text).tokens.map((t) => ({ image: t.image, start: t.startOffset, kind: t.tokenType.name }));
}

/** A choice among n things drawn as a fraction, so one arbitrary fits every seed's token count. */
const pick = (fraction: number, n: number) => Math.min(n - 1, Math.floor(fraction * n));

type Mutation =
  | { kind: "delete" | "duplicate"; at: number }
  | { kind: "swap"; at: number; other: number }
  | { kind: "number"; at: number; value: number }
  | { kind: "rename"; at: number; other: number; fresh: boolean };

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("delete" as const, "duplicate" as const), at: fraction }),
  fc.record({ kind: fc.constant("swap" as const), at: fraction, other: fraction }),
  fc.record({
    kind: fc.constant("number" as const),
    at: fraction,
    value: fc.oneof(fc.integer({ min: -2, max: 300 }), fc.constantFrom(0.5, 1e-3)),
  }),
  fc.record({ kind: fc.constant("rename" as const), at: fraction, other: fraction, fresh: fc.boolean() }),
);

/** Applies a mutation to the token at a drawn position (numbers and names for their own kinds). */
function mutate(text: string, m: Mutation): string {
  const tokens = tokensOf(text);
  const ofKind = (kind: string) => tokens.filter((t) => t.kind === kind);
  const candidates =
    m.kind === "number" ? ofKind("NumberLiteral") : m.kind === "rename" ? ofKind("Identifier") : tokens;
  if (candidates.length === 0) return text;
  const target = candidates[pick(m.at, candidates.length)]!;
  const replace = (token: Token, by: string, source = text) =>
    source.slice(0, token.start) + by + source.slice(token.start + token.image.length);
  switch (m.kind) {
    case "delete":
      return replace(target, "");
    case "duplicate":
      return replace(target, `${target.image} ${target.image}`);
    case "number":
      return replace(target, String(m.value));
    case "rename": {
      const name = m.fresh ? `${target.image}_x` : candidates[pick(m.other, candidates.length)]!.image;
      return replace(target, name);
    }
    case "swap": {
      const other = tokens[pick(m.other, tokens.length)]!;
      const [first, second] = target.start < other.start ? [target, other] : [other, target];
      if (first === second) return text;
      // Replace the later token first so that the earlier one's offset still holds.
      return replace(first, second.image, replace(second, first.image));
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), "netc-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The location is a real place in a file the front end read. */
function isInside(loc: SourceLoc, sources: ReadonlyMap<string, string>): boolean {
  const lines = sources.get(loc.file)?.split(/\r?\n/);
  const line = lines?.[loc.line - 1];
  return line !== undefined && loc.col >= 1 && loc.col <= line.length + 1 && loc.length >= 1;
}

describe("mutated specs", () => {
  it(`never crash or stall the front end, and end in a graph or a located error (${RUNS} runs)`, () => {
    let run = 0;
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, mutations) => {
        const text = mutations.reduce(mutate, seed);
        const file = join(dir, `mutant${++run}.net`);
        writeFileSync(file, text);
        const started = performance.now();
        const result = frontEnd(file);
        expect(performance.now() - started).toBeLessThan(MAX_MILLISECONDS_PER_SPEC);

        const errors = result.diagnostics.filter((d) => d.severity === "error");
        if (result.graph === undefined) expect(errors.length).toBeGreaterThan(0);
        else expect(errors).toEqual([]);
        for (const d of result.diagnostics) {
          for (const loc of [d.loc, ...d.notes.map((n) => n.loc)]) {
            expect(isInside(loc, result.sources), `${formatDiagnostic(d, result.sources)}\n--- in ---\n${text}`).toBe(
              true,
            );
          }
        }
        if (result.graph !== undefined) {
          const summary = summarize(result.graph, 2);
          expect(Number.isFinite(summary.totalFlops) && Number.isFinite(summary.totalParams)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
