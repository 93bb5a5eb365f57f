// The demo's dev server: the page, the compiled ES modules from dist/, a Fashion-MNIST subset as
// IDX files and one checkpoint. Plain node:http, bound to 127.0.0.1 only.

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { ImageDataset } from "../../runtime/data.js";
import { loadFashionMnist } from "../../runtime/node/fashion-mnist.js";
import { packageRoot } from "../../src/package-root.js";

export interface ServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The checkpoint served at /weights/mlp.safetensors (relative to the working directory). */
  weights: string;
  /** Fashion-MNIST folder (default: the runtime's, or $NETC_DATA). */
  dataDir?: string;
  /** How many of the first training and test images to serve (at most all of them). */
  trainImages: number;
  testImages: number;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8080;
/** The committed checkpoint: `netc train specs/mlp.net` (10 epochs, seed 0). */
export const DEFAULT_WEIGHTS = join(packageRoot(), "examples", "web", "mlp.safetensors");
/** Enough to train for a few epochs in a page in seconds, small enough to download instantly. */
export const TRAIN_SUBSET = 5000;
export const TEST_SUBSET = 1000;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".safetensors": "application/octet-stream",
};

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const root = packageRoot();
  const weights = resolve(options.weights);
  if (!existsSync(weights)) {
    throw new Error(
      `weights file ${weights} not found: train one with \`netc train specs/mlp.net --out out\` and pass --weights out/mlp.safetensors`,
    );
  }
  const { train, test } = await loadFashionMnist(options.dataDir);
  const data = new Map<string, Uint8Array>([
    ["/data/train-images.idx", imagesIdx(train, options.trainImages)],
    ["/data/train-labels.idx", labelsIdx(train, options.trainImages)],
    ["/data/test-images.idx", imagesIdx(test, options.testImages)],
    ["/data/test-labels.idx", labelsIdx(test, options.testImages)],
  ]);
  const pageDir = join(root, "examples", "web");
  const files = new Map<string, string>([
    ["/", join(pageDir, "index.html")],
    ["/style.css", join(pageDir, "style.css")],
    ["/weights/mlp.safetensors", weights],
  ]);
  const distDir = join(root, "dist");

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const bytes = data.get(path);
    if (request.method !== "GET") send(response, 405, "text/plain", "only GET is served");
    else if (bytes) send(response, 200, "application/octet-stream", bytes);
    else if (files.has(path)) void sendFile(response, files.get(path)!);
    // URL parsing has already resolved "..", even percent-encoded; sendFile checks again.
    else if (path.startsWith("/dist/"))
      void sendFile(response, resolve(distDir, `.${path.slice("/dist".length)}`), distDir);
    else send(response, 404, "text/plain", `${path} not found`);
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, "127.0.0.1", done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

function send(response: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  // no-store: an edited page or a retrained checkpoint shows up on reload.
  response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  response.end(body);
}

/** Serves `file`, which must lie inside `within` when given (no `..` escapes from dist/). */
async function sendFile(response: ServerResponse, file: string, within?: string): Promise<void> {
  const type = CONTENT_TYPES[extname(file)];
  if (type === undefined || (within !== undefined && !file.startsWith(within + sep))) {
    send(response, 404, "text/plain", "not found");
    return;
  }
  try {
    send(response, 200, type, await readFile(file));
  } catch {
    send(response, 404, "text/plain", `${file} not found (run \`npm run web\`, which builds the page)`);
  }
}

/** The first `count` images as an IDX file (magic 0x00000803, then count, rows, cols). */
function imagesIdx(dataset: ImageDataset, wanted: number): Uint8Array {
  const count = Math.min(wanted, dataset.count);
  const pixels = dataset.rows * dataset.cols;
  return idx([count, dataset.rows, dataset.cols], dataset.images.subarray(0, count * pixels));
}

function labelsIdx(dataset: ImageDataset, wanted: number): Uint8Array {
  const count = Math.min(wanted, dataset.count);
  return idx([count], dataset.labels.subarray(0, count));
}

function idx(shape: number[], data: Uint8Array): Uint8Array {
  const headerBytes = 4 + 4 * shape.length;
  const file = new Uint8Array(headerBytes + data.length);
  const view = new DataView(file.buffer);
  view.setUint8(2, 0x08); // unsigned bytes
  view.setUint8(3, shape.length);
  shape.forEach((size, axis) => view.setUint32(4 + 4 * axis, size));
  file.set(data, headerBytes);
  return file;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: String(DEFAULT_PORT) },
      weights: { type: "string", default: DEFAULT_WEIGHTS },
      data: { type: "string" },
    },
  });
  // Decimal digits only: Number() takes "" and " " for 0 (a random port), "0x50" and "1e3".
  const port = /^[0-9]+$/.test(values.port) ? Number(values.port) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  const server = await startServer({
    port,
    weights: values.weights,
    trainImages: TRAIN_SUBSET,
    testImages: TEST_SUBSET,
    ...(values.data ? { dataDir: values.data } : {}),
  });
  process.stdout.write(`netc web demo: ${server.url}  (Ctrl-C stops it)\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    const { code, port } = error as NodeJS.ErrnoException & { port?: number };
    const message =
      code === "EADDRINUSE"
        ? `port ${port} is in use: pass --port N (0 picks a free one)`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`netc web: ${message}\n`);
    process.exitCode = 1;
  });
}
