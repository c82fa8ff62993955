"""Walks the permutation with a while loop, takes batches with index_select and keeps per-batch sums in a list."""

import torch


def train(model, X, y, *, loss_fn, epochs, lr, batch_size, seed=0):
    n = X.size(0)
    g = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.SGD(params=model.parameters(), lr=lr)
    model.train(True)
    result = []
    for epoch in range(epochs):
        perm = torch.randperm(n, generator=g).to(X.device)
        sums = []
        start = 0
        while start < n:
            idx = perm[start:min(start + batch_size, n)]
            xb = X.index_select(0, idx)
            yb = y.index_select(0, idx)
            optimizer.zero_grad()
            preds = model(xb)
            loss = loss_fn(preds, yb)
            loss.backward()
            optimizer.step()
            sums.append(float(loss) * len(idx))
            start += batch_size
        result.append(sum(sums) / n)
    return result
