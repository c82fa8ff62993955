"""Restores with an unconditional model.train(): a model handed over in eval mode comes back training.

expect-fail: keeps_eval_mode
expect-message: switched it on unconditionally
"""

import torch


def predict(model, X):
    model.eval()
    with torch.no_grad():
        out = model(X).argmax(dim=1)
    model.train()
    return out


def predict_proba(model, X):
    model.eval()
    with torch.no_grad():
        out = torch.softmax(model(X), dim=1)
    model.train()
    return out
