"""Clears with optimizer.zero_grad(set_to_none=True) and cuts the permutation into batches with torch.split."""

import torch


def train(model, X, y, *, loss_fn, epochs, lr, batch_size, seed=0):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    gen = torch.Generator()
    gen.manual_seed(seed)
    model.train()
    losses = []
    for epoch in range(epochs):
        perm = torch.randperm(len(X), generator=gen).to(X.device)
        running, seen = 0.0, 0
        for idx in torch.split(perm, batch_size):
            opt.zero_grad(set_to_none=True)
            out = model(X[idx])
            loss = loss_fn(out, y[idx])
            loss.backward()
            opt.step()
            running += loss.item() * idx.numel()
            seen += idx.numel()
        losses.append(running / seen)
    return losses
