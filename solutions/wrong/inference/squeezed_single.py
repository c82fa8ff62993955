"""Squeezes the predictions: one sample comes back as a 0-dim tensor.

expect-fail: predict_single_sample
expect-message: removed the batch dimension
"""

import torch


def _logits(model, X):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = model(X)
    model.train(was_training)
    return out


def predict(model, X):
    return _logits(model, X).argmax(dim=1).squeeze()


def predict_proba(model, X):
    return torch.softmax(_logits(model, X), dim=1)
