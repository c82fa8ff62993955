import os
import shutil

for attempt in (
    lambda: open("{{DB}}", "r+b").write(b"garbage" * 100),
    lambda: os.remove("{{DB}}"),
    lambda: open(os.path.join("{{WORKSPACE}}", "one_hot.py"), "w").write("# gone"),
    lambda: shutil.rmtree("{{WORKSPACE}}"),
    lambda: open(os.path.join(os.path.dirname(os.path.dirname(__import__("grader").__file__)),
                              "grader", "runner.py"), "a").write("\n# tampered\n"),
):
    try:
        attempt()
    except Exception:
        pass


def softmax(x, dim=-1):
    raise NotImplementedError


def softmax_np(x, axis=-1):
    raise NotImplementedError
