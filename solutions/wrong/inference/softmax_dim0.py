"""predict_proba takes the softmax over dim 0 (the samples).

expect-fail: predict_proba_values
expect-message: softmax ran over dim 0
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
    return _logits(model, X).argmax(dim=1)


def predict_proba(model, X):
    return torch.softmax(_logits(model, X), dim=0)
