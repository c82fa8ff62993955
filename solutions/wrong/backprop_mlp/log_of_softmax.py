"""Each row's max subtracted, then the log taken of the softmax probabilities: a tiny probability underflows to 0 and log(0) = -inf.

expect-fail: large_logits
expect-message: log-sum-exp
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
    p = shifted.exp() / shifted.exp().sum(dim=1, keepdim=True)
    log_p = p.log()
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
