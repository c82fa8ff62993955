"""The strict wire format between the judge and a sandboxed child.

A frame is ``[4-byte big-endian header length][header: strict JSON][raw buffers]``.
The header describes a tree of plain values; tensors and arrays are references
to raw buffers whose dtype must be on an allowlist and whose byte count must
match ``prod(shape) * itemsize``. Nothing is ever unpickled: the decoder only
builds dicts, lists, tuples, numbers, strings and fresh plain tensors.

Tags (a JSON object always has exactly one key, the tag):
  {"t": [i]}              torch tensor, buffer i          (data)
  {"a": [i]}              numpy array, buffer i           (data)
  {"f": "nan"|"inf"|"-inf"}  non-finite float             (data)
  {"l": [...]} / {"u": [...]}  list / tuple
  {"d": [[k, v], ...]}    dict with str/int keys
  {"m": {...}}            an nn.Module's state: class name, training flag, tensors
  {"b": [kind, spec]}     something the child builds from a trusted recipe
                          (judge -> child only; see sandbox.builders)
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from grader.limits import (MAX_DIM, MAX_FRAME_DEPTH, MAX_FRAME_HEADER, MAX_FRAME_ITEMS, MAX_FRAME_PAYLOAD,
                           safe_text)

#: the caps of grader/limits.py under the names this module has always used
MAX_HEADER = MAX_FRAME_HEADER
MAX_PAYLOAD = MAX_FRAME_PAYLOAD
MAX_DEPTH = MAX_FRAME_DEPTH
MAX_ITEMS = MAX_FRAME_ITEMS

_TORCH_DTYPES = {
    "float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32,
    "float64": torch.float64, "int8": torch.int8, "int16": torch.int16,
    "int32": torch.int32, "int64": torch.int64, "uint8": torch.uint8,
    "bool": torch.bool, "complex64": torch.complex64,
}
_NUMPY_DTYPES = {
    "float16", "float32", "float64", "int8", "int16", "int32", "int64",
    "uint8", "bool", "complex64",
}
_TORCH_NAMES = {v: k for k, v in _TORCH_DTYPES.items()}


class CodecError(ValueError):
    """A frame that is not strictly what the protocol allows."""


@dataclass(frozen=True)
class Build:
    """A recipe the child turns into a live object (a model, a loss, a function)."""

    kind: str
    spec: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ModuleState:
    """What crosses back for an ``nn.Module``: its class, mode and tensors (data only)."""

    cls: str
    training: bool
    state: dict
    modes: dict = field(default_factory=dict)


def _reject_constant(name: str) -> Any:
    raise CodecError(f"header is not strict JSON (found {name})")


# ----------------------------------------------------------------- encoding
class _Encoder:
    def __init__(self, encode_object=None):
        self.buffers: list[bytes] = []
        self.meta: list[dict] = []
        self.items = 0
        self.encode_object = encode_object

    def add_buffer(self, raw: bytes, meta: dict) -> int:
        self.buffers.append(raw)
        meta["n"] = len(raw)
        self.meta.append(meta)
        return len(self.buffers) - 1

    def tensor(self, t: torch.Tensor) -> dict:
        rg = bool(t.requires_grad)
        t = t.detach()
        if t.dtype not in _TORCH_NAMES:
            raise CodecError(f"tensor dtype {t.dtype} cannot be sent")
        device = t.device.type
        c = t.to("cpu").contiguous()
        if c.dtype == torch.bfloat16:
            raw = c.view(torch.int16).numpy().tobytes()
        else:
            raw = c.numpy().tobytes()
        i = self.add_buffer(raw, {"dtype": _TORCH_NAMES[c.dtype], "shape": list(c.shape),
                                  "device": device, "grad": rg})
        return {"t": [i]}

    def array(self, a: np.ndarray) -> dict:
        name = a.dtype.name
        if name not in _NUMPY_DTYPES:
            raise CodecError(f"array dtype {a.dtype} cannot be sent")
        raw = np.ascontiguousarray(a).tobytes()
        i = self.add_buffer(raw, {"dtype": name, "shape": list(a.shape)})
        return {"a": [i]}

    def value(self, v: Any, depth: int = 0) -> Any:
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise CodecError("value too deep or too large to send")
        if v is None or type(v) in (bool, str):
            return v
        if type(v) is int:
            return v
        if type(v) is float:
            if math.isnan(v):
                return {"f": "nan"}
            if math.isinf(v):
                return {"f": "inf" if v > 0 else "-inf"}
            return v
        if isinstance(v, torch.Tensor) and type(v) in (torch.Tensor, torch.nn.Parameter):
            return self.tensor(v)
        if type(v) is np.ndarray:
            return self.array(v)
        if isinstance(v, np.generic) and type(v).__module__ == "numpy":
            # a numpy scalar stays one: checks that ask for a Python number see what really came back
            if v.dtype.name not in _NUMPY_DTYPES:
                return self.value(v.item(), depth + 1)
            return {"s": [self.add_buffer(np.asarray(v).tobytes(), {"dtype": v.dtype.name, "shape": []})]}
        if type(v) is list:
            return {"l": [self.value(x, depth + 1) for x in v]}
        if type(v) is tuple:
            return {"u": [self.value(x, depth + 1) for x in v]}
        if type(v) is dict:
            out = []
            for k, x in v.items():
                if type(k) not in (str, int):
                    raise CodecError(f"dict key of type {type(k).__name__} cannot be sent")
                out.append([k, self.value(x, depth + 1)])
            return {"d": out}
        if type(v) is Build:
            return {"b": [v.kind, self.value(v.spec, depth + 1)]}
        if type(v) is ModuleState:
            return {"m": self.value({"cls": v.cls, "training": v.training,
                                     "state": v.state, "modes": v.modes}, depth + 1)}
        if self.encode_object is not None:
            replaced = self.encode_object(v)
            if replaced is not None:
                return self.value(replaced, depth + 1)
        raise CodecError(f"a value of type {type(v).__name__} cannot be sent")


def encode(message: Any, encode_object=None) -> bytes:
    """One frame for ``message``. ``encode_object`` may map other objects to sendable ones."""
    enc = _Encoder(encode_object)
    body = enc.value(message)
    header = json.dumps({"v": body, "bufs": enc.meta}, allow_nan=False,
                        separators=(",", ":")).encode()
    if len(header) > MAX_HEADER:
        raise CodecError("header too large")
    return struct.pack(">I", len(header)) + header + b"".join(enc.buffers)


# ----------------------------------------------------------------- decoding
class _Decoder:
    def __init__(self, meta: list, payload: memoryview, build=None):
        self.meta = meta
        self.payload = payload
        self.offsets = []
        off = 0
        for m in meta:
            self._check_meta(m)
            self.offsets.append(off)
            off += m["n"]
        if off != len(payload):
            raise CodecError(f"byte count mismatch: header says {off}, frame has {len(payload)}")
        self.build = build
        self.items = 0

    @staticmethod
    def _check_meta(m: Any) -> None:
        if type(m) is not dict or type(m.get("n")) is not int or m["n"] < 0:
            raise CodecError("malformed buffer description")
        shape = m.get("shape")
        if type(shape) is not list or len(shape) > 16 \
                or any(type(s) is not int or not 0 <= s <= MAX_DIM for s in shape):
            raise CodecError("malformed shape")
        dtype = m.get("dtype")
        if dtype not in _TORCH_DTYPES and dtype not in _NUMPY_DTYPES:
            raise CodecError(f"dtype {dtype!r} is not allowed")
        itemsize = _TORCH_DTYPES[dtype].itemsize if dtype in _TORCH_DTYPES else np.dtype(dtype).itemsize
        if math.prod(shape) * itemsize != m["n"]:
            raise CodecError("buffer size does not match shape and dtype")

    def _buffer(self, ref: Any) -> tuple[dict, memoryview]:
        if type(ref) is not list or len(ref) != 1 or type(ref[0]) is not int \
                or not 0 <= ref[0] < len(self.meta):
            raise CodecError("bad buffer reference")
        i = ref[0]
        m = self.meta[i]
        return m, self.payload[self.offsets[i]:self.offsets[i] + m["n"]]   # a view: copied once, below

    def tensor(self, ref: Any) -> torch.Tensor:
        m, raw = self._buffer(ref)
        dtype = m["dtype"]
        if dtype not in _TORCH_DTYPES:
            raise CodecError(f"dtype {dtype!r} is not a tensor dtype")
        if dtype == "bfloat16":
            t = torch.frombuffer(bytearray(raw), dtype=torch.int16).view(torch.bfloat16) \
                if raw else torch.empty(0, dtype=torch.bfloat16)
        elif raw:
            t = torch.frombuffer(bytearray(raw), dtype=_TORCH_DTYPES[dtype])
        else:
            t = torch.empty(0, dtype=_TORCH_DTYPES[dtype])
        t = t.reshape(m["shape"])
        device = m.get("device", "cpu")
        if device not in ("cpu", "cuda"):
            raise CodecError(f"device {device!r} is not allowed")
        if device == "cuda" and torch.cuda.is_available():
            t = t.to("cuda")
        if m.get("grad") is True and t.is_floating_point():
            t.requires_grad_(True)
        elif m.get("grad") not in (None, False, True):
            raise CodecError("malformed grad flag")
        return t

    def array(self, ref: Any) -> np.ndarray:
        m, raw = self._buffer(ref)
        if m["dtype"] not in _NUMPY_DTYPES:
            raise CodecError(f"dtype {m['dtype']!r} is not an array dtype")
        return np.frombuffer(raw, dtype=np.dtype(m["dtype"])).reshape(m["shape"]).copy()

    def value(self, v: Any, depth: int = 0) -> Any:
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise CodecError("value too deep or too large")
        if type(v) is str:
            return safe_text(v)
        if v is None or type(v) in (bool, int, float):
            return v
        if type(v) is list:
            raise CodecError("bare JSON list (lists are tagged)")
        if type(v) is not dict or len(v) != 1:
            raise CodecError("malformed value")
        (tag, body), = v.items()
        if tag == "t":
            return self.tensor(body)
        if tag == "a":
            return self.array(body)
        if tag == "s":
            scalar = self.array(body)
            if scalar.shape != ():
                raise CodecError("a numpy scalar must have shape ()")
            return scalar[()]
        if tag == "f":
            if body not in ("nan", "inf", "-inf"):
                raise CodecError("malformed float")
            return float(body)
        if tag in ("l", "u"):
            if type(body) is not list:
                raise CodecError("malformed sequence")
            items = [self.value(x, depth + 1) for x in body]
            return items if tag == "l" else tuple(items)
        if tag == "d":
            if type(body) is not list:
                raise CodecError("malformed dict")
            out = {}
            for pair in body:
                if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in (str, int):
                    raise CodecError("malformed dict entry")
                key = safe_text(pair[0]) if type(pair[0]) is str else pair[0]
                out[key] = self.value(pair[1], depth + 1)
            return out
        if tag == "m":
            d = self.value(body, depth + 1)
            if type(d) is not dict or type(d.get("cls")) is not str \
                    or type(d.get("training")) is not bool or type(d.get("state")) is not dict:
                raise CodecError("malformed module state")
            return ModuleState(d["cls"], d["training"], d["state"], d.get("modes") or {})
        if tag == "b":
            if self.build is None:
                raise CodecError("build recipes are not accepted here")
            if type(body) is not list or len(body) != 2 or type(body[0]) is not str:
                raise CodecError("malformed build recipe")
            return self.build(body[0], self.value(body[1], depth + 1))
        raise CodecError(f"unknown tag {tag!r}")


def _parse_header(frame_header: bytes) -> dict:
    """The header as a dict ``{"v", "bufs"}``; anything else, however broken, is a CodecError."""
    try:
        head = json.loads(frame_header.decode("utf-8"), parse_constant=_reject_constant)
    except CodecError:
        raise
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CodecError(f"header is not strict JSON: {e}") from None
    except RecursionError:
        raise CodecError("header is nested too deeply to read") from None
    except (MemoryError, ValueError, OverflowError) as e:   # e.g. an integer of 5,000 digits
        raise CodecError(f"header could not be read ({type(e).__name__})") from None
    if type(head) is not dict or set(head) != {"v", "bufs"} or type(head["bufs"]) is not list:
        raise CodecError("malformed frame header")
    return head


def _payload_size(head: dict) -> int:
    total = 0
    for m in head["bufs"]:
        if type(m) is not dict or type(m.get("n")) is not int or m["n"] < 0:
            raise CodecError("malformed buffer description")
        total += m["n"]
        if total > MAX_PAYLOAD:
            raise CodecError(f"payload of over {MAX_PAYLOAD} bytes is over the limit")
    return total


def _decode(head: dict, payload: bytes | bytearray | memoryview, build=None) -> Any:
    dec = _Decoder(head["bufs"], memoryview(payload), build)
    try:
        return dec.value(head["v"])
    except CodecError:
        raise
    except RecursionError:
        raise CodecError("value nested too deeply to read") from None
    except (MemoryError, TypeError, ValueError, OverflowError, RuntimeError, IndexError, KeyError) as e:
        # e.g. a shape torch cannot make; a frame the judge cannot rebuild is malformed, not a crash
        raise CodecError(f"the frame could not be rebuilt ({type(e).__name__})") from None


def decode(frame_header: bytes, payload: bytes | bytearray | memoryview, build=None) -> Any:
    """Rebuild a message from its header and payload. ``build`` makes recipes (child side only)."""
    return _decode(_parse_header(frame_header), payload, build)


def payload_size(frame_header: bytes) -> int:
    """How many payload bytes follow a header, validated against the cap."""
    return _payload_size(_parse_header(frame_header))


def read_frame(sock, build=None) -> Any:
    """Read one frame from a blocking socket (its timeout applies to every read).

    Sizes are checked before anything is allocated: the header against MAX_HEADER,
    the payload (as the header declares it) against MAX_PAYLOAD.
    """
    (n,) = struct.unpack(">I", _read_exact(sock, 4))
    if n > MAX_HEADER:
        raise CodecError(f"header of {n} bytes is over the limit")
    head = _parse_header(bytes(_read_exact(sock, n)))
    payload = _read_exact(sock, _payload_size(head))
    return _decode(head, payload, build)


def write_frame(sock, message: Any, encode_object=None) -> None:
    sock.sendall(encode(message, encode_object))


def _read_exact(sock, n: int) -> bytearray:
    """Exactly ``n`` bytes, into one buffer allocated once (``n`` is checked by the caller)."""
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        part = sock.recv(min(n - got, 1 << 20))
        if not part:
            raise EOFError("the other side closed the connection")
        view[got:got + len(part)] = part
        got += len(part)
    return buf
