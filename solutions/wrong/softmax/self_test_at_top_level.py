"""A right softmax, but the file compares it with F.softmax at its top level, which runs on every import.

expect-fail: basic_vector, np_rows
expect-message: top level
base: reference
"""

import torch
import torch.nn.functional as F

print(torch.allclose(softmax(torch.ones(3)), F.softmax(torch.ones(3), dim=-1)))
