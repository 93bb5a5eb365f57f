import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMetricsLine, parseMetricsLines } from "../../runtime/index.js";
import { JsonlMetricsLog, writeFileAtomic } from "../../runtime/node/index.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "netc-files-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("creates the parent directory, replaces the content and leaves no temporary file", async () => {
    const path = join(dir, "nested", "deeper", "model.safetensors");
    await writeFileAtomic(path, Uint8Array.of(1, 2, 3, 4));
    expect([...(await readFile(path))]).toEqual([1, 2, 3, 4]);
    await writeFileAtomic(path, "replaced");
    expect(await readFile(path, "utf8")).toBe("replaced");
    expect(await readdir(join(dir, "nested", "deeper"))).toEqual(["model.safetensors"]);
  });

  it("leaves the old file and no temporary file when the write fails", async () => {
    const path = join(dir, "kept.txt");
    await writeFile(path, "old");
    // The target is a directory, so the final rename fails after the temporary file was written.
    const blocked = join(dir, "a-directory");
    await writeFileAtomic(join(blocked, "inner"), "x");
    await expect(writeFileAtomic(blocked, "new")).rejects.toThrow();
    expect(await readFile(path, "utf8")).toBe("old");
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("metrics logs", () => {
  it("formats records as single JSON lines with a fixed key order", () => {
    expect(formatMetricsLine({ time: 1.5, imagesPerSecond: 1000, trainLoss: 0.25, step: 10, epoch: 1 })).toBe(
      '{"epoch":1,"step":10,"trainLoss":0.25,"imagesPerSecond":1000,"time":1.5}\n',
    );
  });

  it("appends records to a file that reads back the same, a diverged loss as NaN", async () => {
    const path = join(dir, "logs", "metrics.jsonl");
    const first = {
      epoch: 1,
      step: 235,
      trainLoss: 0.5,
      trainAcc: 0.8,
      testAcc: 0.79,
      imagesPerSecond: 12_000,
      time: 4.2,
    };
    const second = { epoch: 2, step: 235, trainLoss: NaN, imagesPerSecond: 11_000, time: 8.4 };
    const log = new JsonlMetricsLog(path);
    log.log(first);
    log.close();
    const reopened = new JsonlMetricsLog(path);
    reopened.log(second);
    reopened.close();
    expect(parseMetricsLines(await readFile(path, "utf8"))).toEqual([first, second]);
  });

  it("names the line of a malformed record", () => {
    expect(() => parseMetricsLines('{"epoch":1,"step":1,"trainLoss":1,"imagesPerSecond":1,"time":0}\n{oops')).toThrow(
      "metrics line 2 is not JSON: {oops",
    );
    expect(() => parseMetricsLines('{"epoch":1,"step":1,"trainLoss":"1","imagesPerSecond":1,"time":0}')).toThrow(
      'metrics line 1: "trainLoss" must be a number',
    );
    expect(() => parseMetricsLines('{"epoch":1,"step":1,"trainLoss":1,"imagesPerSecond":1}')).toThrow(
      'metrics line 1: "time" is missing',
    );
  });
});
