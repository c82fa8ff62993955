"""The number of classes taken from the labels (y.max() + 1) for the one-hot: breaks when the largest class is missing from a batch.

expect-fail: class_missing_from_batch
expect-message: never appears in y
base: reference
"""

import torch


def mlp_forward_backward(X: torch.Tensor, y: torch.Tensor,
                         params: dict[str, torch.Tensor]) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    n = X.shape[0]
    # forward, keeping what the backward pass needs
    z1 = X @ W1 + b1
    h = z1.clamp(min=0)
    logits = h @ W2 + b2
    shifted = logits - logits.max(dim=1, keepdim=True).values
    log_p = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    rows = torch.arange(n, device=X.device)
    loss = -log_p[rows, y].mean()
    # backward
    onehot = torch.nn.functional.one_hot(y, int(y.max()) + 1).to(log_p.dtype)
    dlogits = log_p.exp() - onehot
    dlogits = dlogits / n
    dW2 = h.T @ dlogits
    db2 = dlogits.sum(dim=0)
    dh = dlogits @ W2.T
    dz1 = dh * (z1 > 0).to(dh.dtype)
    dW1 = X.T @ dz1
    db1 = dz1.sum(dim=0)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
