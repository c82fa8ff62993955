"""Text that cannot be encoded as UTF-8 (lone surrogates) in an exception's message, in printed
output and in a returned value: printing it, writing it as JSON or storing it in SQLite must
not crash the grader."""


def softmax(x, dim=-1):
    print("printed \udc80 text")
    raise ValueError("a message with a lone surrogate: \ud800")


def softmax_np(x, axis=-1):
    print("\ud800" * 10)
    return "\udfff"
