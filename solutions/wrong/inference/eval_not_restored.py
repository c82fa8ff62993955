"""Calls model.eval() and never switches the model back to training mode.

expect-fail: restores_training_mode
expect-message: mode was never restored
"""

import torch


def predict(model, X):
    model.eval()
    with torch.no_grad():
        return model(X).argmax(dim=1)


def predict_proba(model, X):
    model.eval()
    with torch.no_grad():
        return torch.softmax(model(X), dim=1)
