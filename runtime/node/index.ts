// Node-only parts of the runtime: Dawn device acquisition, files, datasets, metrics logs.
export { requestNodeGpu } from "./gpu.js";
export {
  DEFAULT_FASHION_MNIST_DIR,
  DatasetFileError,
  DatasetNotFoundError,
  loadFashionMnist,
} from "./fashion-mnist.js";
export { writeFileAtomic } from "./files.js";
export { JsonlMetricsLog } from "./metrics-log.js";
