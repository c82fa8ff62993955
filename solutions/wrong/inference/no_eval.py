"""Never calls model.eval(): dropout stays on and BatchNorm uses (and updates) the batch statistics.

expect-fail: predict_classes, predict_single_sample, restores_training_mode
expect-message: model.eval()
"""

import torch


def predict(model, X):
    with torch.no_grad():
        return model(X).argmax(dim=1)


def predict_proba(model, X):
    with torch.no_grad():
        return torch.softmax(model(X), dim=1)
