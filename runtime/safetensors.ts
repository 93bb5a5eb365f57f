// The safetensors checkpoint format (https://github.com/huggingface/safetensors): an 8-byte
// little-endian header length, a JSON header, then the tensors' bytes back to back.

export type SafetensorsDtype = "F32" | "I32" | "U8" | "F64";

interface TypedArrayFor {
  F32: Float32Array;
  I32: Int32Array;
  U8: Uint8Array;
  F64: Float64Array;
}

/** A decoded tensor; `data` is a view into the decoded bytes where aligned, else a copy. */
export type DecodedTensor = {
  [D in SafetensorsDtype]: { dtype: D; shape: number[]; data: TypedArrayFor[D] };
}[SafetensorsDtype];

export interface TensorToEncode {
  dtype: SafetensorsDtype;
  shape: readonly number[];
  /** The elements in row-major order, little-endian (every WebGPU platform's byte order). */
  data: ArrayBufferView;
}

export interface TensorSignature {
  dtype: SafetensorsDtype;
  shape: readonly number[];
}

export class SafetensorsError extends Error {
  override name = "SafetensorsError";
}

const ELEMENT_BYTES: Record<SafetensorsDtype, number> = { F64: 8, F32: 4, I32: 4, U8: 1 };
/** The reference writer's order (widest dtype first) keeps every tensor aligned to its element size. */
const WRITE_ORDER: readonly SafetensorsDtype[] = ["F64", "F32", "I32", "U8"];
const METADATA_KEY = "__metadata__";
const MAX_HEADER_BYTES = 100_000_000;

/** Encodes tensors (stored widest dtype first, then by name) and optional string metadata. */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, TensorToEncode>,
  metadata?: Record<string, string>,
): Uint8Array<ArrayBuffer> {
  const ordered = [...tensors].sort(
    ([nameA, a], [nameB, b]) =>
      WRITE_ORDER.indexOf(a.dtype) - WRITE_ORDER.indexOf(b.dtype) || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0),
  );
  // Built by hand because JSON.stringify of an object would move integer-like names first.
  const headerEntries: string[] = [];
  if (metadata) headerEntries.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`);
  let offset = 0;
  for (const [name, tensor] of ordered) {
    if (name === METADATA_KEY) throw new SafetensorsError(`"${METADATA_KEY}" is reserved and cannot name a tensor`);
    checkShape(name, tensor.shape);
    const bytes = elementCount(tensor.shape) * ELEMENT_BYTES[tensor.dtype];
    if (tensor.data.byteLength !== bytes) {
      throw new SafetensorsError(
        `tensor "${name}" has ${tensor.data.byteLength} bytes of data but ${tensor.dtype} [${tensor.shape.join(", ")}] needs ${bytes}`,
      );
    }
    const info = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + bytes] };
    headerEntries.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    offset += bytes;
  }
  const json = new TextEncoder().encode(`{${headerEntries.join(",")}}`);
  const headerLength = Math.ceil(json.length / 8) * 8; // padded with spaces so the data starts 8-aligned

  const file = new Uint8Array(8 + headerLength + offset);
  new DataView(file.buffer).setBigUint64(0, BigInt(headerLength), true);
  file.set(json, 8);
  file.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const [, tensor] of ordered) {
    file.set(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength), position);
    position += tensor.data.byteLength;
  }
  return file;
}

/** The first line of `bytes`, quoted, at most 40 characters and '…' where more follows, if they open with ASCII text; else undefined. */
function textOpening(bytes: Uint8Array): string | undefined {
  const opening = bytes.subarray(0, 64);
  if (!opening.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d)) return undefined;
  const text = new TextDecoder().decode(opening).trimStart();
  const shown = text.split(/[\r\n]/)[0]!.slice(0, 40);
  return JSON.stringify(shown.length < text.length || opening.length < bytes.length ? `${shown}…` : shown);
}

/** Decodes and validates a safetensors file. */
export function decodeSafetensors(bytes: Uint8Array): {
  tensors: Map<string, DecodedTensor>;
  metadata: Record<string, string>;
} {
  if (bytes.length < 8) {
    throw new SafetensorsError(`safetensors file is ${bytes.length} bytes long, shorter than its 8-byte header length`);
  }
  const declaredLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (declaredLength > BigInt(MAX_HEADER_BYTES)) {
    // Most likely another kind of file, whose first bytes read as an absurd length. Text is shown:
    // a page that fetched a missing checkpoint often gets the server's HTML page with it.
    const text = textOpening(bytes);
    throw new SafetensorsError(
      text === undefined
        ? `not a safetensors file (its first 8 bytes give a header of ${declaredLength} bytes, more than the 100 MB limit)`
        : `not a safetensors file (it begins with text, ${text}${text.startsWith('"<') ? ": a web page, as servers send for a missing file" : ""})`,
    );
  }
  const headerLength = Number(declaredLength);
  if (8 + headerLength > bytes.length) {
    throw new SafetensorsError(
      `safetensors header length ${headerLength} runs past the end of the ${bytes.length}-byte file`,
    );
  }
  const header = parseHeader(bytes.subarray(8, 8 + headerLength));
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;

  let metadata: Record<string, string> = {};
  const entries: { name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      metadata = parseMetadata(value);
    } else {
      entries.push({ name, ...parseTensorInfo(name, value, dataLength) });
    }
  }

  // The tensors must tile the data area exactly: no gaps, no overlaps, nothing after the last.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const entry of entries) {
    if (entry.begin > covered) {
      throw new SafetensorsError(
        `safetensors data has a gap: bytes ${covered}..${entry.begin} before tensor "${entry.name}" belong to no tensor`,
      );
    }
    if (entry.begin < covered) {
      throw new SafetensorsError(
        `tensor "${entry.name}" overlaps the tensor before it (its data starts at ${entry.begin}, before ${covered})`,
      );
    }
    covered = entry.end;
  }
  if (covered !== dataLength) {
    throw new SafetensorsError(`safetensors file has ${dataLength - covered} trailing bytes after the last tensor`);
  }

  const tensors = new Map<string, DecodedTensor>();
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const data = typedView(entry.dtype, bytes, dataStart + entry.begin, entry.end - entry.begin);
    tensors.set(entry.name, { dtype: entry.dtype, shape: entry.shape, data } as DecodedTensor);
  }
  return { tensors, metadata };
}

/** Throws naming the first tensor that is missing from, unexpected in, or different in `actual`. */
export function checkTensorsMatch(
  expected: ReadonlyMap<string, TensorSignature>,
  actual: ReadonlyMap<string, TensorSignature>,
): void {
  for (const [name, want] of expected) {
    const got = actual.get(name);
    if (!got) throw new SafetensorsError(`checkpoint is missing tensor "${name}"`);
    if (got.dtype !== want.dtype) {
      throw new SafetensorsError(
        `tensor "${name}" is ${got.dtype} in the checkpoint but the model expects ${want.dtype}`,
      );
    }
    if (got.shape.length !== want.shape.length || got.shape.some((size, axis) => size !== want.shape[axis])) {
      throw new SafetensorsError(
        `tensor "${name}" has shape [${got.shape.join(", ")}] in the checkpoint but the model expects [${want.shape.join(", ")}]`,
      );
    }
  }
  for (const name of actual.keys()) {
    if (!expected.has(name)) throw new SafetensorsError(`checkpoint has unexpected tensor "${name}"`);
  }
}

function parseHeader(headerBytes: Uint8Array): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(headerBytes));
  } catch (error) {
    throw new SafetensorsError(`safetensors header is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(header)) throw new SafetensorsError("safetensors header must be a JSON object");
  return header;
}

function parseMetadata(value: unknown): Record<string, string> {
  if (!isPlainObject(value) || Object.values(value).some((item) => typeof item !== "string")) {
    throw new SafetensorsError(`safetensors "${METADATA_KEY}" must be an object of strings`);
  }
  return value as Record<string, string>;
}

function parseTensorInfo(
  name: string,
  value: unknown,
  dataLength: number,
): { dtype: SafetensorsDtype; shape: number[]; begin: number; end: number } {
  if (!isPlainObject(value)) throw new SafetensorsError(`tensor "${name}": header entry must be an object`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== "string" || !Object.hasOwn(ELEMENT_BYTES, dtype)) {
    throw new SafetensorsError(
      `tensor "${name}": unsupported dtype ${JSON.stringify(dtype)} (supported: F32, I32, U8, F64)`,
    );
  }
  if (!Array.isArray(shape))
    throw new SafetensorsError(`tensor "${name}": shape must be an array of non-negative integers`);
  checkShape(name, shape);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    throw new SafetensorsError(`tensor "${name}": data_offsets must be two non-negative integers [begin, end]`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end)
    throw new SafetensorsError(`tensor "${name}": data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength) {
    throw new SafetensorsError(
      `tensor "${name}": data_offsets [${begin}, ${end}] run past the ${dataLength}-byte data area`,
    );
  }
  const knownDtype = dtype as SafetensorsDtype;
  const bytes = elementCount(shape) * ELEMENT_BYTES[knownDtype];
  if (end - begin !== bytes) {
    throw new SafetensorsError(
      `tensor "${name}": data_offsets span ${end - begin} bytes but ${dtype} [${shape.join(", ")}] needs ${bytes}`,
    );
  }
  return { dtype: knownDtype, shape: shape as number[], begin, end };
}

function checkShape(name: string, shape: readonly unknown[]): void {
  if (!shape.every(isNonNegativeInteger)) {
    throw new SafetensorsError(`tensor "${name}": shape [${shape.join(", ")}] must contain only non-negative integers`);
  }
}

function typedView(
  dtype: SafetensorsDtype,
  bytes: Uint8Array,
  start: number,
  byteLength: number,
): TypedArrayFor[SafetensorsDtype] {
  const absolute = bytes.byteOffset + start;
  // Typed arrays need offsets aligned to their element size; copy the rare unaligned tensor.
  const aligned = absolute % ELEMENT_BYTES[dtype] === 0;
  const buffer = aligned ? bytes.buffer : bytes.slice(start, start + byteLength).buffer;
  const offset = aligned ? absolute : 0;
  const length = byteLength / ELEMENT_BYTES[dtype];
  switch (dtype) {
    case "F32":
      return new Float32Array(buffer, offset, length);
    case "I32":
      return new Int32Array(buffer, offset, length);
    case "U8":
      return new Uint8Array(buffer, offset, length);
    case "F64":
      return new Float64Array(buffer, offset, length);
  }
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

function isNonNegativeInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
