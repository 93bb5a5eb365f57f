// A drawing pad: white strokes on black, shrunk to the model's 28×28 input by averaging blocks of
// pixels (as Fashion-MNIST's images were made), reported while the user draws.

import { greyscaleFromRgba } from "../../runtime/index.js";

const SIZE = 28;

export class SketchPad {
  private readonly context: CanvasRenderingContext2D;
  private last: { x: number; y: number } | undefined;
  private empty = true;
  private busy = false;
  private changedWhileBusy = false;

  /** `onDraw` receives the 28×28 image; calls never overlap, and the latest drawing is always sent. */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onDraw: (pixels: Uint8Array<ArrayBuffer>) => Promise<void>,
  ) {
    if (canvas.width % SIZE !== 0 || canvas.height !== canvas.width)
      throw new Error(`the drawing canvas must be square with a side that is a multiple of ${SIZE}`);
    this.context = canvas.getContext("2d", { willReadFrequently: true })!;
    this.clear();
    canvas.addEventListener("pointerdown", (event) => {
      canvas.setPointerCapture(event.pointerId);
      this.last = this.point(event);
      this.stroke(this.last);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (this.last !== undefined) this.stroke(this.point(event));
    });
    for (const end of ["pointerup", "pointercancel"] as const)
      canvas.addEventListener(end, () => (this.last = undefined));
  }

  clear(): void {
    this.context.fillStyle = "black";
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.empty = true;
  }

  /** Sends the drawing again (after the model changed); nothing when the pad is empty. */
  resend(): void {
    if (!this.empty) void this.changed();
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const scale = this.canvas.width / this.canvas.clientWidth;
    return { x: event.offsetX * scale, y: event.offsetY * scale };
  }

  private stroke(to: { x: number; y: number }): void {
    const from = this.last ?? to;
    const context = this.context;
    context.strokeStyle = "white";
    context.lineWidth = this.canvas.width / 12;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
    this.last = to;
    this.empty = false;
    void this.changed();
  }

  private async changed(): Promise<void> {
    if (this.busy) {
      this.changedWhileBusy = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.changedWhileBusy = false;
        await this.onDraw(this.pixels());
      } while (this.changedWhileBusy);
    } finally {
      this.busy = false;
    }
  }

  /** The drawing at 28×28, each pixel the mean of a block of the canvas (white on black, so its luma is its value). */
  private pixels(): Uint8Array<ArrayBuffer> {
    const image = this.context.getImageData(0, 0, this.canvas.width, this.canvas.height);
    return greyscaleFromRgba(image, { width: SIZE, height: SIZE });
  }
}
