"""One max of the whole batch subtracted (logits.max()) instead of each row's: fine until rows lie far apart.

expect-fail: rows_far_apart
expect-message: one max of the whole batch
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
    shifted = logits - logits.max()
    log_p = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    rows = torch.arange(n, device=X.device)
    loss = -log_p[rows, y].mean()
    # backward
    dlogits = log_p.exp()
    dlogits[rows, y] -= 1
    dlogits = dlogits / n
    dW2 = h.T @ dlogits
    db2 = dlogits.sum(dim=0)
    dh = dlogits @ W2.T
    dz1 = dh * (z1 > 0).to(dh.dtype)
    dW1 = X.T @ dz1
    db1 = dz1.sum(dim=0)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
