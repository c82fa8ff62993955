"""Builds the loss from Python numbers: torch.tensor(...) cuts the autograd graph.

expect-fail: cross_entropy_keeps_graph
expect-message: without an autograd graph
"""

import torch


def log_softmax(x, dim=-1):
    z = x - x.max(dim=dim, keepdim=True).values
    return z - torch.log(torch.exp(z).sum(dim=dim, keepdim=True))


def cross_entropy(logits, targets):
    lp = log_softmax(logits, dim=1)
    losses = [-lp[i, t].item() for i, t in enumerate(targets.tolist())]
    return torch.tensor(sum(losses) / len(losses), dtype=logits.dtype, device=logits.device)
