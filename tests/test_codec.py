"""The wire format: round trips of plain data, and strict rejection of anything else."""

import json
import math
import struct

import numpy as np
import pytest
import torch

from grader import codec


def roundtrip(value, build=None):
    frame = codec.encode(value)
    (n,) = struct.unpack(">I", frame[:4])
    return codec.decode(frame[4:4 + n], frame[4 + n:], build)


def raw_frame(header: dict | str, payload: bytes = b"") -> tuple[bytes, bytes]:
    text = header if isinstance(header, str) else json.dumps(header)
    return text.encode(), payload


def test_plain_values_round_trip():
    value = {"a": [1, 2.5, "x", None, True], "b": (3, {"c": -1}), 7: "int key"}
    assert roundtrip(value) == value
    out = roundtrip([float("nan"), float("inf"), float("-inf")])
    assert math.isnan(out[0]) and out[1] == math.inf and out[2] == -math.inf


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.int64, torch.bool,
                                   torch.bfloat16, torch.float16, torch.uint8])
def test_tensors_round_trip_exactly(dtype):
    t = (torch.arange(12).reshape(3, 4) % 3).to(dtype)
    out = roundtrip(t)
    assert type(out) is torch.Tensor and out.dtype == dtype and torch.equal(out, t)


def test_nan_inside_tensor_is_data():
    t = torch.tensor([1.0, float("nan"), float("inf")])
    out = roundtrip(t)
    assert torch.isnan(out[1]) and torch.isinf(out[2])


def test_empty_and_zero_dim_tensors_and_arrays():
    assert roundtrip(torch.empty(0, 3)).shape == (0, 3)
    assert roundtrip(torch.tensor(2.5)).item() == 2.5
    a = roundtrip(np.arange(6, dtype=np.int32).reshape(2, 3))
    assert type(a) is np.ndarray and a.dtype == np.int32 and a.tolist() == [[0, 1, 2], [3, 4, 5]]


def test_requires_grad_flag_travels():
    assert roundtrip(torch.ones(2, requires_grad=True)).requires_grad
    assert not roundtrip(torch.ones(2)).requires_grad


def test_module_state_round_trips():
    state = codec.ModuleState("Linear", False, {"weight": torch.ones(2, 3)}, {"": False})
    out = roundtrip(state)
    assert out.cls == "Linear" and out.training is False and torch.equal(out.state["weight"], torch.ones(2, 3))


class Liar:
    def __eq__(self, other):
        return True


class SneakyTensor(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return True


@pytest.mark.parametrize("value", [Liar(), SneakyTensor(torch.ones(2)), {1.5: "float key"}, object(),
                                   lambda: 1, np.array(["a"], dtype=object)])
def test_objects_that_are_not_data_are_refused(value):
    with pytest.raises(codec.CodecError):
        codec.encode(value)


def test_header_with_nan_constant_is_rejected():
    head, payload = raw_frame('{"v": NaN, "bufs": []}')
    with pytest.raises(codec.CodecError, match="strict JSON"):
        codec.decode(head, payload)


def test_header_not_json_is_rejected():
    with pytest.raises(codec.CodecError):
        codec.decode(b"\xff\xfe not json", b"")


@pytest.mark.parametrize("meta,payload,why", [
    ({"dtype": "float32", "shape": [2], "n": 8}, b"\0" * 4, "byte count"),
    ({"dtype": "float32", "shape": [3], "n": 8}, b"\0" * 8, "size does not match"),
    ({"dtype": "object", "shape": [1], "n": 8}, b"\0" * 8, "not allowed"),
    ({"dtype": "float32", "shape": [-1], "n": 4}, b"\0" * 4, "shape"),
])
def test_buffer_descriptions_must_match(meta, payload, why):
    head, payload = raw_frame({"v": {"t": [0]}, "bufs": [meta]}, payload)
    with pytest.raises(codec.CodecError, match=why):
        codec.decode(head, payload)


def test_build_recipes_are_refused_by_the_judge_side_decoder():
    frame = codec.encode(codec.Build("sequential", {"layers": []}))
    (n,) = struct.unpack(">I", frame[:4])
    with pytest.raises(codec.CodecError, match="not accepted"):
        codec.decode(frame[4:4 + n], frame[4 + n:])


def test_unknown_tags_and_bare_lists_are_rejected():
    for v in ({"x": 1}, [1, 2], {"t": [0], "extra": 1}):
        head, payload = raw_frame({"v": v, "bufs": []})
        with pytest.raises(codec.CodecError):
            codec.decode(head, payload)


def test_oversized_payload_is_refused_before_reading():
    head = json.dumps({"v": None, "bufs": [{"n": codec.MAX_PAYLOAD + 1}]}).encode()
    with pytest.raises(codec.CodecError, match="over the limit"):
        codec.payload_size(head)


def test_too_deep_nesting_is_refused():
    v = []
    for _ in range(codec.MAX_DEPTH + 5):
        v = [v]
    with pytest.raises(codec.CodecError, match="deep"):
        codec.encode(v)


def test_numpy_scalars_cross_as_numpy_scalars_so_checks_see_the_type_that_came_back():
    import io

    import numpy as np

    from grader import codec

    class Reader:
        def __init__(self, data):
            self.data = io.BytesIO(data)

        def recv(self, n):
            return self.data.read(n)
    for value in [np.float32(1.5), np.int64(3), np.float64(2.0), np.bool_(True)]:
        back = codec.read_frame(Reader(codec.encode(value)))
        assert type(back) is type(value) and back == value
    back = codec.read_frame(Reader(codec.encode([np.int64(1), 2, 3.0])))
    assert [type(v) for v in back] == [np.int64, int, float]
