#!/usr/bin/python3
"""PyTorch's side of the accuracy comparisons in bench/RESULTS.md: the d2l models of specs/ trained
with their specs' settings (network, initialisation, SGD learning rate, batch 256, 10 epochs, the
partial last batch kept, shuffled each epoch) on the real Fashion-MNIST, on the CPU.

A run prints, per seed and epoch, the training loss averaged over the epoch's examples (as `netc
train` reports it) and the test accuracy after the epoch (evaluation mode: batch norm's running
statistics, no dropout). Where the spec recomputes batch norm's statistics (`bn_statistics =
recomputed(batches = 50)`: bn_lenet), they are recomputed before each evaluation as netc does, from
the epoch's first 50 batches with the weights fixed, and the accuracy with the running statistics
training kept is printed too. The random streams are PyTorch's own, so a seed here and the same seed in
`netc train` start from different weights: compare the spread over several seeds, not one run.

Usage (Debian's python3-torch 1.13):  /usr/bin/python3 bench/d2l_pytorch.py MODEL SEED [SEED ...]
MODEL: softmax_regression, mlp, dropout_mlp, lenet, lenet_relu, bn_lenet.
"""

import gzip
import sys
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from torch import nn

FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
BATCH = 256
EPOCHS = 10


def idx(name: str, header_bytes: int) -> np.ndarray:
    with gzip.open(FASHION_MNIST_DIR / name, "rb") as file:
        return np.frombuffer(file.read(), np.uint8, offset=header_bytes)


def images(name: str) -> torch.Tensor:
    return torch.tensor(idx(name, 16).reshape(-1, 1, 28, 28), dtype=torch.float32) / 255


def labels(name: str) -> torch.Tensor:
    return torch.tensor(idx(name, 8).astype(np.int64))


def normal_weights_zero_biases(net: nn.Module) -> None:
    """`param "*.weight" { init = normal(0, 0.01) }` and `param "*.bias" { init = zeros }`."""
    for m in net.modules():
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.01)
            nn.init.zeros_(m.bias)


def xavier_weights(net: nn.Module) -> None:
    """d2l's train_ch6: xavier_uniform on conv and linear weights, PyTorch's defaults elsewhere."""
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)


def lenet(activation: Callable[[], nn.Module], pool: Callable[[], nn.Module]) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), activation(), pool(),
        nn.Conv2d(6, 16, 5), activation(), pool(), nn.Flatten(),
        nn.Linear(400, 120), activation(), nn.Linear(120, 84), activation(), nn.Linear(84, 10))


def bn_lenet() -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.BatchNorm2d(6), nn.Sigmoid(), nn.AvgPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.BatchNorm2d(16), nn.Sigmoid(), nn.AvgPool2d(2, 2), nn.Flatten(),
        nn.Linear(256, 120), nn.BatchNorm1d(120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.BatchNorm1d(84), nn.Sigmoid(), nn.Linear(84, 10))


# Batches batch norm's statistics are recomputed from after each epoch, as in specs/<model>.net.
RECOMPUTED_STATISTICS = {"bn_lenet": 50}

# Each model: its network, its initialisation and its learning rate, as in specs/<model>.net.
MODELS: dict[str, tuple[Callable[[], nn.Sequential], Callable[[nn.Module], None], float]] = {
    "softmax_regression": (lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), normal_weights_zero_biases, 0.1),
    "mlp": (lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)),
            normal_weights_zero_biases, 0.1),
    "dropout_mlp": (lambda: nn.Sequential(
        nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2),
        nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10)), normal_weights_zero_biases, 0.5),
    "lenet": (lambda: lenet(nn.Sigmoid, lambda: nn.AvgPool2d(2, 2)), xavier_weights, 0.9),
    "lenet_relu": (lambda: lenet(nn.ReLU, lambda: nn.MaxPool2d(2, 2)), xavier_weights, 0.1),
    "bn_lenet": (bn_lenet, xavier_weights, 1.0),
}


def accuracy(net: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    net.eval()
    with torch.no_grad():
        return (net(x).argmax(1) == y).float().mean().item()


def recompute_statistics(net: nn.Module, batches: list[torch.Tensor]) -> None:
    """Batch norm's running statistics as the plain average of the batches' (update_bn's way)."""
    norms = [m for m in net.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None
    net.train()
    with torch.no_grad():
        for batch in batches:
            net(batch)
    for m in norms:
        m.momentum = 0.1


def train(model: str, seed: int, data: tuple[torch.Tensor, ...]) -> list[tuple[float, float, float | None]]:
    """Each epoch's mean training loss, the test accuracy after it and, where the spec recomputes
    batch norm's statistics, the accuracy with the running statistics training kept."""
    train_x, train_y, test_x, test_y = data
    make, initialise, lr = MODELS[model]
    torch.manual_seed(seed)
    net = make()
    initialise(net)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    epochs = []
    for _ in range(EPOCHS):
        net.train()
        order = torch.randperm(len(train_y))
        loss_sum = 0.0
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            loss = nn.functional.cross_entropy(net(train_x[batch]), train_y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(batch)
        recomputed = RECOMPUTED_STATISTICS.get(model)
        if recomputed is None:
            epochs.append((loss_sum / len(order), accuracy(net, test_x, test_y), None))
            continue
        running = accuracy(net, test_x, test_y)
        recompute_statistics(net, [train_x[order[k * BATCH:(k + 1) * BATCH]] for k in range(recomputed)])
        epochs.append((loss_sum / len(order), accuracy(net, test_x, test_y), running))
    return epochs


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] not in MODELS:
        sys.exit(f"usage: {sys.argv[0]} MODEL SEED [SEED ...]; MODEL one of {', '.join(MODELS)}")
    model, seeds = sys.argv[1], [int(s) for s in sys.argv[2:]]
    # One thread: the comparisons ran beside netc's own training on a 2-core machine.
    torch.set_num_threads(1)
    data = (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))
    for seed in seeds:
        epochs = train(model, seed, data)
        print(f"{model} seed {seed}: train loss per epoch {' '.join(f'{loss:.4f}' for loss, _, _ in epochs)}", flush=True)
        print(f"{model} seed {seed}: test accuracy per epoch {' '.join(f'{a:.4f}' for _, a, _ in epochs)}", flush=True)
        if epochs[0][2] is not None:
            print(f"{model} seed {seed}: with the running statistics {' '.join(f'{r:.4f}' for _, _, r in epochs)}",
                  flush=True)


if __name__ == "__main__":
    main()
