"""dW2 = dlogits.T @ h: the transpose on the wrong side, shape (C, H) instead of (H, C).

expect-fail: grad_W2, grads_structure
expect-message: transpose
"""

import torch


def mlp_forward_backward(X, y, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    n = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    logits = h @ W2 + b2
    p = torch.softmax(logits, dim=1)
    loss = -torch.log_softmax(logits, dim=1)[torch.arange(n, device=X.device), y].mean()
    one_hot = torch.zeros_like(p)
    one_hot[torch.arange(n, device=X.device), y] = 1.0
    dlogits = (p - one_hot) / n
    dW2 = dlogits.T @ h
    db2 = dlogits.sum(dim=0)
    dh = dlogits @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    db1 = dz1.sum(dim=0)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
