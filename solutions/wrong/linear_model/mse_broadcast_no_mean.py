"""Neither checks the shapes nor takes the mean: (N, 1) - (N,) gives an (N, N) matrix of squared errors.

expect-fail: mse_column_vs_vector, mse_values
expect-message: accidental broadcasting
"""


def linear(X, W, b):
    return X @ W + b


def n_parameters(d, p, bias=True):
    return d * p + (p if bias else 0)


def mse(y_hat, y):
    return (y_hat - y) ** 2
