// The u32 index helpers that kernels are written with: they drop what does nothing and keep the
// precedence of what they combine.

import { describe, expect, it } from "vitest";
import { grouped, modulo, over, plus, rowMajor, times } from "../src/ops/wgsl.js";

describe("WGSL index arithmetic", () => {
  it("drops factors, divisors and terms that do nothing and folds what is zero", () => {
    expect(times("i", 1)).toBe("i");
    expect(times("i", 0)).toBe("0u");
    expect(times("0u", 7)).toBe("0u");
    expect(times("3u", 4)).toBe("12u");
    expect(over("i", 1)).toBe("i");
    expect(modulo("i", 1)).toBe("0u");
    expect(modulo(over("col", 1), 1)).toBe("0u");
    expect(plus("0u", "i", 0, 2)).toBe("i + 2u");
    expect(plus("0u", 0)).toBe("0u");
  });

  it("parenthesises an operand of *, / and % unless it is a name, a call or one group", () => {
    expect(times("a + b", 3)).toBe("(a + b) * 3u");
    expect(times("a / 2u", 3)).toBe("(a / 2u) * 3u");
    expect(over("lid.x", 2)).toBe("lid.x / 2u");
    expect(modulo("min(a + 1u, 7u)", 4)).toBe("min(a + 1u, 7u) % 4u");
    expect(times("(a + b)", 2)).toBe("(a + b) * 2u");
    // Two groups side by side are not one group.
    expect(times("(a) + (b)", 2)).toBe("((a) + (b)) * 2u");
    expect(grouped("f(a) * g(b)")).toBe("(f(a) * g(b))");
  });

  it("flattens row-major coordinates, leaving out sizes of 1 and zero coordinates", () => {
    expect(rowMajor(["n", "c", "h", "w"], [3, 5, 7])).toBe("((n * 3u + c) * 5u + h) * 7u + w");
    expect(rowMajor(["n", "0u", "h", "w"], [1, 5, 7])).toBe("(n * 5u + h) * 7u + w");
    expect(rowMajor(["row", "col"], [1])).toBe("row + col");
    expect(rowMajor(["n", "ci", "ih", "0u"], [4, 6, 8])).toBe("((n * 4u + ci) * 6u + ih) * 8u");
  });

  it("computes the index it writes", () => {
    // Evaluate the WGSL as JavaScript integer arithmetic over a grid of coordinates.
    const sizes = [3, 1, 4, 5];
    const expression = rowMajor(["a", "b", "c", "d"], sizes.slice(1)).replace(/(\d+)u/g, "$1");
    const evaluate = new Function("a", "b", "c", "d", `return ${expression};`) as (...v: number[]) => number;
    const seen = new Set<number>();
    for (let a = 0; a < 3; a++) for (let c = 0; c < 4; c++) for (let d = 0; d < 5; d++) seen.add(evaluate(a, 0, c, d));
    expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });
});
