// Image models take 8-bit greyscale rows (Fashion-MNIST's form). Canvases give RGBA: this turns
// an ImageData (or any RGBA bytes) into such a row, shrinking it by block averaging.

/** RGBA bytes, 4 per pixel, row-major: what a canvas's `getImageData` returns. */
export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/**
 * The image as 8-bit greyscale pixels of `size` (default its own), row-major: each is the mean
 * ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B, as PIL's "L" mode) of its block of the image,
 * rounded. Alpha is ignored. The image's sides must be whole multiples of `size`'s.
 */
export function greyscaleFromRgba(
  image: RgbaImage,
  size: { width: number; height: number } = image,
): Uint8Array<ArrayBuffer> {
  const { data, width, height } = image;
  if (data.length !== width * height * 4)
    throw new RangeError(
      `a ${width}×${height} RGBA image holds ${width * height * 4} bytes, got ${data.length}; pass the canvas's ImageData with its own width and height`,
    );
  const blockWidth = width / size.width;
  const blockHeight = height / size.height;
  if (!Number.isInteger(blockWidth) || !Number.isInteger(blockHeight) || blockWidth < 1 || blockHeight < 1)
    throw new RangeError(
      `a ${width}×${height} image cannot be shrunk to ${size.width}×${size.height}; draw it at a whole multiple of that size`,
    );
  const out = new Uint8Array(size.width * size.height);
  for (let row = 0; row < size.height; row++) {
    for (let col = 0; col < size.width; col++) {
      // Luma in thousandths, summed in integers: grey pixels give back their value exactly.
      let sum = 0;
      for (let y = row * blockHeight; y < (row + 1) * blockHeight; y++) {
        for (let x = col * blockWidth; x < (col + 1) * blockWidth; x++) {
          const i = (y * width + x) * 4;
          sum += 299 * data[i]! + 587 * data[i + 1]! + 114 * data[i + 2]!;
        }
      }
      out[row * size.width + col] = Math.round(sum / (1000 * blockWidth * blockHeight));
    }
  }
  return out;
}
