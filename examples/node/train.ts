// The compiled MLP trained headlessly through the runtime's API instead of `netc train`: what an app
// that owns its loop, data and storage does. `node dist/examples/node/train.js [STEPS] [OUT.safetensors]`

import { createMlp, plan } from "../../generated/mlp/model.js";
import { imageSource, shuffledIndices, type Batch } from "../../runtime/index.js";
import { loadFashionMnist, requestNodeGpu, writeFileAtomic } from "../../runtime/node/index.js";

const steps = Number(process.argv[2] ?? 200);
const out = process.argv[3] ?? "out/mlp-example.safetensors";

const gpu = await requestNodeGpu();
try {
  const model = await createMlp(gpu.device, { seed: 1 });
  const { train, test } = await loadFashionMnist();
  const trainBatches = imageSource(train, plan.batch);
  const order = shuffledIndices(train.count, 1, 0);
  const perEpoch = Math.floor(train.count / plan.batch);
  for (let step = 0; step < steps; step++) {
    const start = (step % perEpoch) * plan.batch;
    // Nothing is read back inside a step: every few steps the losses of the steps before arrive.
    const window = model.trainStep(trainBatches.batch(order.subarray(start, start + plan.batch)), plan.optimizer.lr);
    void window?.then((metrics) => console.log(`step ${step + 1}: loss ${metrics.at(-1)!.loss.toFixed(4)}`));
  }
  await model.flushMetrics();

  const testBatches = imageSource(test, plan.batch);
  function* testSet(): Generator<Batch> {
    for (let start = 0; start < test.count; start += plan.batch) {
      const rows = Math.min(plan.batch, test.count - start);
      yield testBatches.batch(Uint32Array.from({ length: rows }, (_, k) => start + k));
    }
  }
  const { loss, accuracy } = await model.evaluate(testSet());
  console.log(`test loss ${loss.toFixed(4)}, test accuracy ${accuracy.toFixed(4)}`);

  // The weights by block path, as PyTorch's state_dict names them; `model.load` reads them back.
  await writeFileAtomic(out, await model.save());
  console.log(`wrote ${out}`);
  model.destroy();
} finally {
  gpu.destroy();
}
