import { describe, expect, it } from "vitest";
import { SafetensorsError, checkTensorsMatch, decodeSafetensors, encodeSafetensors } from "../../runtime/index.js";
import type { TensorSignature, TensorToEncode } from "../../runtime/index.js";

/** A safetensors file built by hand from the spec: u64 LE header length, header text, data. */
function handBuilt(header: string, data: number[], declaredLength = header.length): Uint8Array {
  const file = new Uint8Array(8 + header.length + data.length);
  new DataView(file.buffer).setBigUint64(0, BigInt(declaredLength), true);
  file.set(new TextEncoder().encode(header), 8);
  file.set(data, 8 + header.length);
  return file;
}

const f32Bytes = (...values: number[]) => [...new Uint8Array(Float32Array.from(values).buffer)];

describe("decodeSafetensors", () => {
  it("reads a file built by hand from the spec", () => {
    const header =
      '{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[1,3],"data_offsets":[8,11]}}';
    const { tensors, metadata } = decodeSafetensors(handBuilt(header, [...f32Bytes(1.5, -2), 7, 8, 9]));
    expect(metadata).toEqual({ format: "pt" });
    expect([...tensors.keys()]).toEqual(["b", "w"]);
    expect(tensors.get("w")).toEqual({ dtype: "F32", shape: [2], data: Float32Array.of(1.5, -2) });
    expect(tensors.get("b")).toEqual({ dtype: "U8", shape: [1, 3], data: Uint8Array.of(7, 8, 9) });
  });

  it("reads an empty tensor that starts where a longer one does, whichever the header lists first", () => {
    const header =
      '{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"e":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}';
    const { tensors } = decodeSafetensors(handBuilt(header, [1, 2]));
    expect(tensors.get("a")).toEqual({ dtype: "U8", shape: [2], data: Uint8Array.of(1, 2) });
    expect(tensors.get("e")).toEqual({ dtype: "U8", shape: [0], data: new Uint8Array(0) });
  });

  it("returns views when aligned and aligned copies when not", () => {
    const padded = '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'.padEnd(64, " ");
    const aligned = handBuilt(padded, f32Bytes(3.25));
    const view = decodeSafetensors(aligned).tensors.get("w")!.data;
    expect(view.buffer).toBe(aligned.buffer);

    // 55 header bytes put the data at offset 63, which no Float32Array can start at.
    const unpadded = '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const shifted = handBuilt(unpadded, f32Bytes(3.25));
    const copy = decodeSafetensors(shifted).tensors.get("w")!.data;
    expect(copy).toEqual(Float32Array.of(3.25));
    expect(copy.buffer).not.toBe(shifted.buffer);

    // A file that itself starts at an odd offset in its buffer.
    const inner = new Uint8Array(aligned.length + 1);
    inner.set(aligned, 1);
    expect(decodeSafetensors(inner.subarray(1)).tensors.get("w")!.data).toEqual(Float32Array.of(3.25));
  });

  const entry = (name: string, dtype: string, shape: string, offsets: string) =>
    `"${name}":{"dtype":"${dtype}","shape":${shape},"data_offsets":${offsets}}`;

  it.each<[string, Uint8Array, string]>([
    ["a 7-byte file", new Uint8Array(7), "safetensors file is 7 bytes long, shorter than its 8-byte header length"],
    [
      "a header over 100 MB",
      handBuilt("{}", [], 100_000_001),
      "not a safetensors file (its first 8 bytes give a header of 100000001 bytes, more than the 100 MB limit)",
    ],
    [
      "binary that is not one",
      Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13),
      // A PNG's signature as a little-endian u64.
      "not a safetensors file (its first 8 bytes give a header of 727905341920923785 bytes, more than the 100 MB limit)",
    ],
    [
      // Exactly the limit is allowed: this file is refused only for being shorter than its header.
      "a header of exactly 100 MB in a short file",
      handBuilt("{}", [], 100_000_000),
      "safetensors header length 100000000 runs past the end of the 10-byte file",
    ],
    [
      "a text file",
      new TextEncoder().encode("these are not weights"),
      'not a safetensors file (it begins with text, "these are not weights")',
    ],
    [
      "an HTML page, as a fetch of a missing file gets",
      new TextEncoder().encode('\n  <!DOCTYPE html>\n<html lang="en"><head><title>404 Not Found</title></head></html>'),
      'not a safetensors file (it begins with text, "<!DOCTYPE html>…": a web page, as servers send for a missing file)',
    ],
    [
      "a long line of text",
      new TextEncoder().encode("x".repeat(100)),
      `not a safetensors file (it begins with text, "${"x".repeat(40)}…")`,
    ],
    [
      // DEL (0x7f) is a control character: bytes holding one are not taken for text.
      "ASCII letters with a DEL byte",
      Uint8Array.of(...new TextEncoder().encode("abcdefgh"), 0x7f),
      "not a safetensors file (its first 8 bytes give a header of 7523094288207667809 bytes, more than the 100 MB limit)",
    ],
    [
      // Tabs are text (a TSV file): shown escaped, as JSON quotes them.
      "a tab-separated file",
      new TextEncoder().encode("name\tvalue\n1\t2"),
      'not a safetensors file (it begins with text, "name\\tvalue…")',
    ],
    [
      // Its first 64 bytes are 24 spaces and 40 letters, which fit; the file goes on past them.
      "a short line after indentation, in a longer file",
      new TextEncoder().encode(" ".repeat(24) + "x".repeat(40) + "yyyy"),
      `not a safetensors file (it begins with text, "${"x".repeat(40)}…")`,
    ],
    [
      // Windows line ends: the first line ends before the "\r".
      "a text file with CRLF line ends",
      new TextEncoder().encode("these are\r\nnot weights"),
      'not a safetensors file (it begins with text, "these are…")',
    ],
    [
      // A '<' that does not open the text is no sign of a web page.
      "text with a '<' inside",
      new TextEncoder().encode("if a < b then weights"),
      'not a safetensors file (it begins with text, "if a < b then weights")',
    ],
    [
      "a header past the end",
      handBuilt("{}", [], 3),
      "safetensors header length 3 runs past the end of the 10-byte file",
    ],
    ["a JSON array header", handBuilt("[]", []), "safetensors header must be a JSON object"],
    ["a JSON null header", handBuilt("null", []), "safetensors header must be a JSON object"],
    ["a non-object entry", handBuilt('{"w":[1]}', []), 'tensor "w": header entry must be an object'],
    [
      "an unknown dtype",
      handBuilt(`{${entry("w", "BF16", "[1]", "[0,2]")}}`, [0, 0]),
      'tensor "w": unsupported dtype "BF16" (supported: F32, I32, U8, F64)',
    ],
    // Names every object inherits: `in` would take them for dtypes; the spec's dtypes are its own list.
    ...["constructor", "toString", "__proto__", "hasOwnProperty"].map((dtype): [string, Uint8Array, string] => [
      `the inherited name ${dtype} as a dtype`,
      handBuilt(`{${entry("w", dtype, "[1]", "[0,4]")}}`, [0, 0, 0, 0]),
      `tensor "w": unsupported dtype "${dtype}" (supported: F32, I32, U8, F64)`,
    ]),
    [
      "a missing dtype",
      handBuilt('{"w":{"shape":[],"data_offsets":[0,0]}}', []),
      'tensor "w": unsupported dtype undefined (supported: F32, I32, U8, F64)',
    ],
    [
      "a negative dimension",
      handBuilt(`{${entry("w", "U8", "[-1]", "[0,0]")}}`, []),
      'tensor "w": shape [-1] must contain only non-negative integers',
    ],
    [
      "a fractional dimension",
      handBuilt(`{${entry("w", "U8", "[1.5]", "[0,0]")}}`, []),
      'tensor "w": shape [1.5] must contain only non-negative integers',
    ],
    [
      "a shape that is no array",
      handBuilt(`{${entry("w", "U8", "3", "[0,3]")}}`, [1, 2, 3]),
      'tensor "w": shape must be an array of non-negative integers',
    ],
    [
      "three offsets",
      handBuilt(`{${entry("w", "U8", "[1]", "[0,1,1]")}}`, [1]),
      'tensor "w": data_offsets must be two non-negative integers [begin, end]',
    ],
    [
      "reversed offsets",
      handBuilt(`{${entry("w", "U8", "[0]", "[1,0]")}}`, [1]),
      'tensor "w": data_offsets [1, 0] end before they begin',
    ],
    [
      "offsets past the data",
      handBuilt(`{${entry("w", "U8", "[4]", "[0,4]")}}`, [1, 2]),
      'tensor "w": data_offsets [0, 4] run past the 2-byte data area',
    ],
    [
      "a size mismatch",
      handBuilt(`{${entry("w", "F32", "[3]", "[0,8]")}}`, f32Bytes(1, 2)),
      'tensor "w": data_offsets span 8 bytes but F32 [3] needs 12',
    ],
    [
      "overlapping tensors",
      handBuilt(`{${entry("a", "F32", "[2]", "[0,8]")},${entry("b", "F32", "[2]", "[4,12]")}}`, f32Bytes(1, 2, 3)),
      'tensor "b" overlaps the tensor before it (its data starts at 4, before 8)',
    ],
    [
      "a hole between tensors",
      handBuilt(`{${entry("a", "F32", "[1]", "[0,4]")},${entry("b", "F32", "[1]", "[8,12]")}}`, f32Bytes(1, 2, 3)),
      'safetensors data has a gap: bytes 4..8 before tensor "b" belong to no tensor',
    ],
    [
      "a hole at the start",
      handBuilt(`{${entry("a", "U8", "[1]", "[1,2]")}}`, [0, 1]),
      'safetensors data has a gap: bytes 0..1 before tensor "a" belong to no tensor',
    ],
    [
      "trailing bytes",
      handBuilt(`{${entry("a", "U8", "[1]", "[0,1]")}}`, [1, 2, 3]),
      "safetensors file has 2 trailing bytes after the last tensor",
    ],
    [
      "non-string metadata",
      handBuilt('{"__metadata__":{"epochs":10}}', []),
      'safetensors "__metadata__" must be an object of strings',
    ],
  ])("rejects %s", (_, bytes, message) => {
    expect(() => decodeSafetensors(bytes)).toThrow(new SafetensorsError(message));
    expect(() => decodeSafetensors(bytes)).toThrow(SafetensorsError);
  });

  it("rejects a header that is not JSON, quoting the parser", () => {
    expect(() => decodeSafetensors(handBuilt('{"w":', []))).toThrow(/^safetensors header is not valid JSON: ./);
    const invalidUtf8 = handBuilt("{}", []);
    invalidUtf8[8] = 0xff;
    expect(() => decodeSafetensors(invalidUtf8)).toThrow(/^safetensors header is not valid JSON: ./);
  });
});

describe("encodeSafetensors", () => {
  it("writes the reference layout: widest dtype first then by name, header padded with spaces to 8 bytes", () => {
    const tensors = new Map<string, TensorToEncode>([
      ["b", { dtype: "F32", shape: [1], data: Float32Array.of(2) }],
      ["a", { dtype: "U8", shape: [3], data: Uint8Array.of(7, 8, 9) }],
      ["c", { dtype: "F64", shape: [], data: Float64Array.of(0.5) }],
    ]);
    const file = encodeSafetensors(tensors, { epochs: "3" });
    const header =
      '{"__metadata__":{"epochs":"3"},' +
      '"c":{"dtype":"F64","shape":[],"data_offsets":[0,8]},' +
      '"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},' +
      '"a":{"dtype":"U8","shape":[3],"data_offsets":[12,15]}}';
    const paddedHeader = header.padEnd(Math.ceil(header.length / 8) * 8, " ");
    const data = [...new Uint8Array(Float64Array.of(0.5).buffer), ...f32Bytes(2), 7, 8, 9];
    expect([...file]).toEqual([...handBuilt(paddedHeader, data)]);
  });

  it("round-trips every dtype, scalars, empty tensors and integer-like names", () => {
    const tensors = new Map<string, TensorToEncode>([
      ["10", { dtype: "I32", shape: [2], data: Int32Array.of(-5, 2 ** 31 - 1) }],
      ["2", { dtype: "F64", shape: [1, 1], data: Float64Array.of(Math.PI) }],
      ["weights", { dtype: "F32", shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) }],
      ["scalar", { dtype: "F32", shape: [], data: Float32Array.of(-0.25) }],
      ["empty", { dtype: "F32", shape: [0, 4], data: new Float32Array(0) }],
      ["bytes", { dtype: "U8", shape: [5], data: Uint8Array.of(0, 1, 128, 254, 255) }],
    ]);
    const { tensors: decoded, metadata } = decodeSafetensors(encodeSafetensors(tensors));
    expect(metadata).toEqual({});
    expect(decoded.size).toBe(tensors.size);
    for (const [name, tensor] of tensors) {
      expect(decoded.get(name), name).toEqual({ dtype: tensor.dtype, shape: tensor.shape, data: tensor.data });
    }
  });

  it("pads a header only up to the next multiple of 8: one already a multiple of 8 gets no spaces", () => {
    // The reference writer pads (8 − length mod 8) mod 8 spaces. Names of 1 to 8 letters cover every remainder.
    for (let letters = 1; letters <= 8; letters++) {
      const name = "w".repeat(letters);
      const json = `{"${name}":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}`;
      const file = encodeSafetensors(new Map([[name, { dtype: "U8", shape: [1], data: Uint8Array.of(5) }]]));
      const headerLength = json.length + ((8 - (json.length % 8)) % 8);
      expect(new DataView(file.buffer).getBigUint64(0, true), name).toBe(BigInt(headerLength));
      expect(file.length, name).toBe(8 + headerLength + 1);
    }
  });

  it("encodes a view of a larger buffer without the bytes around it", () => {
    const backing = Float32Array.of(9, 1, 2, 9);
    const file = encodeSafetensors(new Map([["w", { dtype: "F32", shape: [2], data: backing.subarray(1, 3) }]]));
    expect(decodeSafetensors(file).tensors.get("w")!.data).toEqual(Float32Array.of(1, 2));
  });

  it("rejects data that does not match the shape and the reserved name", () => {
    expect(() => encodeSafetensors(new Map([["w", { dtype: "F32", shape: [3], data: new Float32Array(2) }]]))).toThrow(
      new SafetensorsError('tensor "w" has 8 bytes of data but F32 [3] needs 12'),
    );
    expect(() =>
      encodeSafetensors(new Map([["__metadata__", { dtype: "U8", shape: [0], data: new Uint8Array(0) }]])),
    ).toThrow(new SafetensorsError('"__metadata__" is reserved and cannot name a tensor'));
  });
});

describe("checkTensorsMatch", () => {
  const expected = new Map<string, TensorSignature>([
    ["fc1.weight", { dtype: "F32", shape: [784, 256] }],
    ["fc1.bias", { dtype: "F32", shape: [256] }],
  ]);

  it("accepts matching names, shapes and dtypes in any order", () => {
    const actual = new Map<string, TensorSignature>([
      ["fc1.bias", { dtype: "F32", shape: [256] }],
      ["fc1.weight", { dtype: "F32", shape: [784, 256] }],
    ]);
    expect(() => checkTensorsMatch(expected, actual)).not.toThrow();
  });

  it.each<[string, [string, TensorSignature][], string]>([
    ["missing", [["fc1.weight", { dtype: "F32", shape: [784, 256] }]], 'checkpoint is missing tensor "fc1.bias"'],
    [
      "unexpected",
      [
        ["fc1.weight", { dtype: "F32", shape: [784, 256] }],
        ["fc1.bias", { dtype: "F32", shape: [256] }],
        ["fc2.bias", { dtype: "F32", shape: [10] }],
      ],
      'checkpoint has unexpected tensor "fc2.bias"',
    ],
    [
      "a shape mismatch",
      [
        ["fc1.weight", { dtype: "F32", shape: [784, 128] }],
        ["fc1.bias", { dtype: "F32", shape: [256] }],
      ],
      'tensor "fc1.weight" has shape [784, 128] in the checkpoint but the model expects [784, 256]',
    ],
    [
      "a rank mismatch",
      [
        ["fc1.weight", { dtype: "F32", shape: [784, 256] }],
        ["fc1.bias", { dtype: "F32", shape: [1, 256] }],
      ],
      'tensor "fc1.bias" has shape [1, 256] in the checkpoint but the model expects [256]',
    ],
    [
      // Every axis it has agrees with the model's: only its rank tells it apart.
      "a lower-rank",
      [
        ["fc1.weight", { dtype: "F32", shape: [784] }],
        ["fc1.bias", { dtype: "F32", shape: [256] }],
      ],
      'tensor "fc1.weight" has shape [784] in the checkpoint but the model expects [784, 256]',
    ],
    [
      "a higher-rank",
      [
        ["fc1.weight", { dtype: "F32", shape: [784, 256] }],
        ["fc1.bias", { dtype: "F32", shape: [256, 1] }],
      ],
      'tensor "fc1.bias" has shape [256, 1] in the checkpoint but the model expects [256]',
    ],
    [
      "a dtype mismatch",
      [
        ["fc1.weight", { dtype: "F64", shape: [784, 256] }],
        ["fc1.bias", { dtype: "F32", shape: [256] }],
      ],
      'tensor "fc1.weight" is F64 in the checkpoint but the model expects F32',
    ],
  ])("names the first %s tensor", (_, actual, message) => {
    expect(() => checkTensorsMatch(expected, new Map(actual))).toThrow(new SafetensorsError(message));
  });
});
