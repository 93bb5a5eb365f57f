// The browser-safe runtime core (no Node built-ins); Node-only parts are in ./node/index.js.
export * from "./gpu.js";
export * from "./browser.js";
export * from "./data.js";
export * from "./pixels.js";
export * from "./upload.js";
export * from "./safetensors.js";
export * from "./progress.js";
export * from "./metrics.js";
export * from "./plot.js";
export * from "./plan.js";
export * from "./init.js";
export * from "./engine.js";
export * from "./pacing.js";
export * from "./trainer.js";
