"""dz1 = dh * h: multiplies by the ReLU's output instead of its derivative (z1 > 0).

expect-fail: grad_W1, grad_b1
expect-message: in place of its derivative
"""

import torch


def mlp_forward_backward(X: torch.Tensor, y: torch.Tensor,
                         params: dict[str, torch.Tensor]) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    n = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    logits = h @ W2 + b2
    log_p = torch.log_softmax(logits, dim=1)
    rows = torch.arange(n, device=X.device)
    loss = -log_p[rows, y].mean()
    dlogits = log_p.exp()
    dlogits[rows, y] -= 1
    dlogits = dlogits / n
    dW2 = h.T @ dlogits
    db2 = dlogits.sum(dim=0)
    dh = dlogits @ W2.T
    dz1 = dh * h
    dW1 = X.T @ dz1
    db1 = dz1.sum(dim=0)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
