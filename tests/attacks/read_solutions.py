from grader import paths

# copy the reference answer and the hidden checks, if they can be read
exec(open(paths.SOLUTIONS_DIR / "softmax.py").read())
open(paths.HIDDEN_DIR / "test_softmax.py").read()
