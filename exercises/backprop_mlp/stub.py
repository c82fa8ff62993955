"""Backpropagation through a two-layer network, by hand. Read the prompt with `learn show backprop_mlp`."""

import torch


def mlp_forward_backward(X: torch.Tensor, y: torch.Tensor,
                         params: dict[str, torch.Tensor]) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """loss = mean_i CE(relu(X @ W1 + b1) @ W2 + b2, y_i); grads[k] = d loss / d params[k] for W1, b1, W2, b2."""
    raise NotImplementedError("mlp_forward_backward: forward pass, then the gradients by the chain rule")
