"""Builds the graph and cuts it off with .detach() instead of running under torch.no_grad().

expect-fail: no_graph
expect-message: cut off with .detach()
"""

import torch


def _logits(model, X):
    was_training = model.training
    model.eval()
    out = model(X).detach()
    model.train(was_training)
    return out


def predict(model, X):
    return _logits(model, X).argmax(dim=1)


def predict_proba(model, X):
    return torch.softmax(_logits(model, X), dim=1)
