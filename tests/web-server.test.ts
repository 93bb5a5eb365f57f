// The demo's dev server over plain HTTP, without a browser: what it serves, with what content
// type, and that no request path reaches a file outside what it serves. Raw request paths are sent
// with node:http, which (unlike fetch) does not normalise ".." before sending.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WEIGHTS, startServer, type RunningServer } from "../examples/web/server.js";

const folder = mkdtempSync(join(tmpdir(), "netc-web-server-"));
let server: RunningServer;
let port: number;

/** An IDX file: magic 00 00 08 ndim, then the sizes big-endian, then the bytes. */
function idxFile(shape: number[], data: number[]): Uint8Array {
  const header = [
    0,
    0,
    8,
    shape.length,
    ...shape.flatMap((size) => [size >>> 24, (size >>> 16) & 255, (size >>> 8) & 255, size & 255]),
  ];
  return Uint8Array.from([...header, ...data]);
}

// 3 training images of 2×2 pixels with labels 7, 1, 9; 2 test images with labels 0, 4.
const TRAIN_PIXELS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const TEST_PIXELS = [21, 22, 23, 24, 25, 26, 27, 28];

beforeAll(async () => {
  writeFileSync(join(folder, "train-images-idx3-ubyte"), idxFile([3, 2, 2], TRAIN_PIXELS));
  writeFileSync(join(folder, "train-labels-idx1-ubyte"), idxFile([3], [7, 1, 9]));
  writeFileSync(join(folder, "t10k-images-idx3-ubyte"), idxFile([2, 2, 2], TEST_PIXELS));
  writeFileSync(join(folder, "t10k-labels-idx1-ubyte"), idxFile([2], [0, 4]));
  // 2 of the 3 training images, and more test images than there are (all 2 are served).
  server = await startServer({ port: 0, weights: DEFAULT_WEIGHTS, dataDir: folder, trainImages: 2, testImages: 5 });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

interface Reply {
  status: number;
  type: string | undefined;
  cache: string | undefined;
  body: Buffer;
}

/** Sends `path` exactly as written (no normalisation) to `host`. */
function get(path: string, method = "GET", host = "127.0.0.1"): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request({ host, port, path, method }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        done({
          status: response.statusCode ?? 0,
          type: response.headers["content-type"],
          cache: response.headers["cache-control"],
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on("error", fail);
    req.end();
  });
}

describe("the demo server", () => {
  it("serves the page, its style sheet and the checkpoint, uncached, with their content types", async () => {
    const page = await get("/");
    expect([page.status, page.type, page.cache]).toEqual([200, "text/html; charset=utf-8", "no-store"]);
    expect(page.body.equals(readFileSync("examples/web/index.html"))).toBe(true);
    const style = await get("/style.css");
    expect([style.status, style.type]).toEqual([200, "text/css; charset=utf-8"]);
    const weights = await get("/weights/mlp.safetensors");
    expect([weights.status, weights.type]).toEqual([200, "application/octet-stream"]);
    expect(weights.body.equals(readFileSync(DEFAULT_WEIGHTS))).toBe(true);
  });

  it("serves the compiled modules under /dist/ as JavaScript, and not their maps or declarations", async () => {
    const module = await get("/dist/runtime/engine.js");
    expect([module.status, module.type, module.cache]).toEqual([200, "text/javascript; charset=utf-8", "no-store"]);
    expect(module.body.equals(readFileSync("dist/runtime/engine.js"))).toBe(true);
    for (const path of ["/dist/runtime/engine.js.map", "/dist/runtime/engine.d.ts", "/dist/", "/dist"]) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect((await get("/dist/runtime/no-such-module.js")).status).toBe(404);
  });

  it.each([
    "/dist/../package.json",
    "/dist/../src/package-root.ts",
    "/dist/../node_modules/typescript/lib/tsc.js",
    "/dist/%2e%2e/node_modules/typescript/lib/tsc.js",
    "/dist/%2E%2E/%2e%2e/etc/passwd",
    "/dist/.%2e/node_modules/typescript/lib/tsc.js",
    "/dist/..%2fnode_modules%2ftypescript%2flib%2ftsc.js",
    "/dist/..\\node_modules\\typescript\\lib\\tsc.js",
    "/dist//etc/passwd",
    "/dist./node_modules/typescript/lib/tsc.js",
    "/dist.%2e/node_modules/typescript/lib/tsc.js",
    "/dist/%2fetc%2fpasswd",
    "//etc/passwd",
    "/etc/passwd",
    "/../../../../etc/passwd",
    "/package.json",
    "/index.html",
    "/server.ts",
    "/weights/../package.json",
    "http://127.0.0.1/dist/../node_modules/typescript/lib/tsc.js",
  ])("serves nothing outside what it serves for %s", async (path) => {
    const reply = await get(path);
    expect(reply.status).toBe(404);
    expect(reply.type).toBe("text/plain");
    expect(reply.body.length).toBeLessThan(300);
  });

  it("answers anything but GET with 405", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const reply = await get("/", method);
      expect([reply.status, reply.body.toString()]).toEqual([405, "only GET is served"]);
    }
  });

  it("serves the first trainImages and testImages images as IDX files, at most all there are", async () => {
    const bytes = async (path: string) => {
      const reply = await get(path);
      expect([reply.status, reply.type]).toEqual([200, "application/octet-stream"]);
      return [...reply.body];
    };
    expect(await bytes("/data/train-images.idx")).toEqual([
      0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(await bytes("/data/train-labels.idx")).toEqual([0, 0, 8, 1, 0, 0, 0, 2, 7, 1]);
    expect(await bytes("/data/test-images.idx")).toEqual([
      0,
      0,
      8,
      3,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      2,
      ...TEST_PIXELS,
    ]);
    expect(await bytes("/data/test-labels.idx")).toEqual([0, 0, 8, 1, 0, 0, 0, 2, 0, 4]);
  });

  it("listens on 127.0.0.1 only", async () => {
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((address) => address !== undefined && address.family === "IPv4" && !address.internal);
    if (outside === undefined) return; // no other interface to try
    await expect(get("/", "GET", outside.address)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("refuses a weights file that is not there, naming it", async () => {
    const missing = join(folder, "missing.safetensors");
    await expect(
      startServer({ port: 0, weights: missing, dataDir: folder, trainImages: 1, testImages: 1 }),
    ).rejects.toThrow(`weights file ${missing} not found`);
  });

  it.each(["65536", "-1", "8080.5", "http", "", " ", "0x50", "1e3"])("netc web refuses --port %j", (value) => {
    const run = spawnSync(process.execPath, ["dist/examples/web/server.js", `--port=${value}`, "--data", folder], {
      encoding: "utf8",
      timeout: 5_000,
    });
    expect(run.stderr).toBe(`netc web: --port must be an integer from 0 to 65535, got "${value}"\n`);
    expect(run.status).toBe(1);
  });
});
