import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { compileCommand } from "../src/cli/compile.js";

// A disk that fills up midway through `netc compile`: its writes go through this stand-in, which
// fails the ones a test asks it to as a full disk does (ENOSPC).
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  return { ...fs, writeFile: vi.fn(fs.writeFile) };
});

function diskFull(path: unknown): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, open '${String(path)}'`), {
    code: "ENOSPC",
    syscall: "open",
  });
}

describe("netc compile on a disk that fills up midway", () => {
  it("keeps the earlier output, leaves no half-written folder beside it, and says why in one line", async () => {
    const out = mkdtempSync(join(tmpdir(), "netc-disk-full-"));
    await compileCommand(["tests/specs/tiny_regression.net"], out, {});
    const model = join(out, "tiny_regression", "model.ts");
    const before = readFileSync(model, "utf8");

    // The second file of the new output fails: the first is already in the staging folder.
    const real = vi.mocked(writeFile).getMockImplementation()!;
    let writes = 0;
    vi.mocked(writeFile).mockImplementation(async (path, data, options) => {
      if (++writes === 2) throw diskFull(path);
      return real(path, data, options);
    });
    try {
      const error = await compileCommand(["tests/specs/tiny_regression.net"], out, {}).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        `cannot write ${join(out, "tiny_regression")} (no space left on the device): pass -o a path netc can write to`,
      );
    } finally {
      vi.mocked(writeFile).mockImplementation(real);
    }
    expect(writes).toBe(2);
    expect(readdirSync(out)).toEqual(["tiny_regression"]);
    expect(readFileSync(model, "utf8")).toBe(before);
  });
});
