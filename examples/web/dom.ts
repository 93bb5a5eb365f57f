// Small DOM helpers shared by the page's panels.

/** The page element `#id`, checked to be of the expected kind. */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind))
    throw new Error(`index.html lacks a <${kind.name}> #${id}; the page and its scripts are out of step`);
  return found;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className !== undefined) created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}

/** Draws a greyscale image (one byte per pixel, row-major) at the canvas's own size. */
export function paintImage(canvas: HTMLCanvasElement, pixels: Uint8Array): void {
  const context = canvas.getContext("2d")!;
  const image = context.createImageData(canvas.width, canvas.height);
  pixels.forEach((value, i) => image.data.set([value, value, value, 255], i * 4));
  context.putImageData(image, 0, 0);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
