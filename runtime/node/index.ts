// Node-only parts of the runtime: Dawn device acquisition, files, datasets.
export { requestNodeGpu } from "./gpu.js";
export {
  DEFAULT_FASHION_MNIST_DIR,
  DatasetFileError,
  DatasetNotFoundError,
  loadFashionMnist,
} from "./fashion-mnist.js";
export { checkWritable, makeFolder, UnwritableTargetError, writeFileAtomic } from "./files.js";
