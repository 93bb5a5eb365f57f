import { describe, expect, it } from "vitest";
import { greyscaleFromRgba } from "../../runtime/index.js";

/** RGBA bytes of the given [r, g, b] pixels, alpha 255. */
function rgba(pixels: [number, number, number][]): Uint8ClampedArray {
  return Uint8ClampedArray.from(pixels.flatMap(([r, g, b]) => [r, g, b, 255]));
}

describe("greyscaleFromRgba", () => {
  it("weighs the channels as BT.601 luma, not as a plain average, and ignores alpha", () => {
    const data = rgba([
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [10, 20, 30],
    ]);
    // 0.299·255 = 76.2, 0.587·255 = 149.7, 0.114·255 = 29.1, 2.99 + 11.74 + 3.42 = 18.15.
    expect(greyscaleFromRgba({ data, width: 2, height: 2 })).toEqual(Uint8Array.of(76, 150, 29, 18));
    const transparent = Uint8Array.of(200, 200, 200, 0);
    expect(greyscaleFromRgba({ data: transparent, width: 1, height: 1 })).toEqual(Uint8Array.of(200));
  });

  it("shrinks by averaging blocks, row-major, and keeps grey values exact", () => {
    // 4×2 image to 2×1: the left block is one white pixel of four, the right all 77.
    const grey = (v: number): [number, number, number] => [v, v, v];
    const data = rgba([grey(255), grey(0), grey(77), grey(77), grey(0), grey(0), grey(77), grey(77)]);
    expect(greyscaleFromRgba({ data, width: 4, height: 2 }, { width: 2, height: 1 })).toEqual(Uint8Array.of(64, 77));
    // One pixel a row: each row of the image averaged.
    expect(greyscaleFromRgba({ data, width: 4, height: 2 }, { width: 1, height: 2 })).toEqual(Uint8Array.of(102, 39));
  });

  it("refuses data that does not match the size, and sizes that are not whole multiples", () => {
    expect(() => greyscaleFromRgba({ data: new Uint8ClampedArray(28 * 28 * 3), width: 28, height: 28 })).toThrow(
      "a 28×28 RGBA image holds 3136 bytes, got 2352; pass the canvas's ImageData with its own width and height",
    );
    expect(() =>
      greyscaleFromRgba(
        { data: new Uint8ClampedArray(300 * 300 * 4), width: 300, height: 300 },
        { width: 28, height: 28 },
      ),
    ).toThrow("a 300×300 image cannot be shrunk to 28×28; draw it at a whole multiple of that size");
    // A whole multiple across but not down.
    expect(() =>
      greyscaleFromRgba({ data: new Uint8ClampedArray(28 * 30 * 4), width: 28, height: 30 }, { width: 14, height: 14 }),
    ).toThrow("a 28×30 image cannot be shrunk to 14×14");
    // Too many bytes is refused as too few is: a 2×2 image's data passed with the size of 1×2.
    expect(() => greyscaleFromRgba({ data: new Uint8ClampedArray(16), width: 1, height: 2 })).toThrow(
      "a 1×2 RGBA image holds 8 bytes, got 16",
    );
    // A negative size gives whole blocks of -1 pixels and one output pixel; it is refused all the same.
    expect(() =>
      greyscaleFromRgba({ data: new Uint8ClampedArray(4), width: 1, height: 1 }, { width: -1, height: -1 }),
    ).toThrow("a 1×1 image cannot be shrunk to -1×-1");
  });
});
