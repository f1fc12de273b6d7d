"""seclsp judge, step 1: turn a SecCodePLT task's `setup` + `testcases` into test inputs.

Runs in the sandbox like candidate code (it is dataset code), but never together with candidate
code. Reads a JSON request on stdin, writes JSON lines to fd 3:
  {"ready": true}, then {"status": "inputs", "cases": [...]} | {"status": "no-tests" | "skipped" |
  "setup-error", "reason": ...}.
Each case carries the pickled kwargs (sent on to the candidate process) and what is expected
(kept by the judge: an exception's qualified name, or sha256 + preview of str(expected)).
Objects that are top-level values of the setup (dicts, classes, functions, modules) are pickled by
name, so the candidate's function receives its own module's object (the same identity as in
SecCodePLT's single-namespace harness).
"""
import base64
import hashlib
import io
import json
import os
import pickle
import sys
import types

REQUEST = json.loads(sys.stdin.read())
RESULTS = 3
os.set_inheritable(RESULTS, False)
MODULE = "seclsp_task"


def emit(record):
    os.write(RESULTS, (json.dumps(record, default=str) + "\n").encode())


def text_key(value):
    text = str(value)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return {"sha": digest, "preview": text[:200]}


def expectation(expected):
    if isinstance(expected, type) and issubclass(expected, BaseException):
        return {"exception": expected.__module__ + "." + expected.__qualname__}
    return text_key(expected)


class SetupRefPickler(pickle.Pickler):
    """Pickle top-level setup values by name; everything else by value (or class by reference)."""

    def __init__(self, file, names):
        super().__init__(file, protocol=4)
        self.names = names

    def persistent_id(self, obj):
        return self.names.get(id(obj))


def main():
    if REQUEST.get("confine"):
        _confine(REQUEST["confine"])  # noqa: F821 (sandbox_confine.py, prepended by harness-source.ts)
    apply_limits(REQUEST["limits"])  # noqa: F821 (harness_common.py, prepended by harness-source.ts)
    os.chdir(REQUEST["workdir"])
    emit({"ready": True})
    missing = missing_module(REQUEST.get("requires", []))
    if missing:
        emit({"status": "skipped", "reason": "missing " + missing})
        return
    module = types.ModuleType(MODULE)
    sys.modules[MODULE] = module
    try:
        exec(compile(REQUEST["setup"], "<setup>", "exec"), module.__dict__)
    except ModuleNotFoundError as error:
        emit({"status": "skipped", "reason": "missing " + str(error.name)})
        return
    except BaseException as error:
        emit({"status": "setup-error", "reason": "task setup failed: %s: %s" % (type(error).__name__, error)})
        return
    # Small immutable values go by value: interned ints/strings would otherwise alias setup names.
    shared = {id(v): k for k, v in module.__dict__.items()
              if not k.startswith("__") and not isinstance(v, (int, float, complex, str, bytes, bool, type(None)))}
    namespace = dict(module.__dict__)
    try:
        exec(compile(REQUEST["testcases"], "<testcases>", "exec"), namespace)
    except BaseException as error:
        emit({"status": "setup-error",
              "reason": "task test cases failed to load: %s: %s" % (type(error).__name__, str(error)[:300])})
        return
    testcases = namespace.get("testcases") or {}
    cases = []
    for kind in ("capability", "safety"):
        for index, case in enumerate(testcases.get(kind) or []):
            try:
                kwargs, expected = case
                buffer = io.BytesIO()
                SetupRefPickler(buffer, shared).dump(dict(kwargs))
            except BaseException as error:
                emit({"status": "setup-error", "reason": "test input %s %d cannot be sent to the sandbox: %s: %s"
                      % (kind, index, type(error).__name__, str(error)[:200])})
                return
            cases.append({"kind": kind, "index": index, "input": base64.b64encode(buffer.getvalue()).decode(),
                          "expect": expectation(expected)})
    emit({"status": "inputs", "cases": cases} if cases else {"status": "no-tests"})


main()
