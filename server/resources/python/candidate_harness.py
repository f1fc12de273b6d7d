"""seclsp judge, step 2: run candidate code on test inputs, inside the sandbox.

The expected values never enter this process: it receives only the pickled kwargs of each case
(made by test_inputs.py from the dataset, never from candidate output) and reports what the
function did, as JSON lines on fd 3:
  {"ready": true}, {"status": "skipped" | "setup-error", "reason": ...} or {"status": "candidate"},
  then {"status": "load-error", "reason": ...} or {"status": "loaded"} and per case
  {"case": i, "returned": {"sha", "preview"}} | {"case": i, "raised": {"types": [...], "message"}}
  | {"case": i, "timeout": true}.
The judge (server/src/sandbox/case-verdict.ts) decides pass/fail. Candidate code could write to
fd 3 too, but it only ever learns its own inputs, so a forged line says no more than its function
could have returned. stdout is /dev/null; nothing printed counts.
"""
import base64
import hashlib
import io
import json
import os
import pickle
import signal
import sys
import types

REQUEST = json.loads(sys.stdin.read())
RESULTS = 3
os.set_inheritable(RESULTS, False)
MODULE = "seclsp_task"


def emit(record):
    try:
        os.write(RESULTS, (json.dumps(record, default=str) + "\n").encode())
    except OSError:
        pass  # the candidate closed fd 3: its remaining cases go unreported (counted as errors)


class CaseTimeout(BaseException):
    """BaseException so that `except Exception` in candidate code does not swallow it."""


def on_alarm(_signum, _frame):
    raise CaseTimeout()


class SetupRefUnpickler(pickle.Unpickler):
    def __init__(self, data, module):
        super().__init__(io.BytesIO(data))
        self.module = module

    def persistent_load(self, name):
        return self.module.__dict__[name]


def qualified(cls):
    return "%s.%s" % (getattr(cls, "__module__", "?"), getattr(cls, "__qualname__", "?"))


def report_case(number, fn, kwargs, timeout):
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        result = fn(**kwargs)
        text = str(result)  # inside the timer: a candidate's __str__ may loop too
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        signal.setitimer(signal.ITIMER_REAL, 0)
        emit({"case": number, "returned": {"sha": digest, "preview": text[:200]}})
    except CaseTimeout:
        emit({"case": number, "timeout": True})
    except BaseException as error:  # the candidate may raise anything, SystemExit included
        signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            types_ = [qualified(c) for c in type(error).__mro__]
            message = "%s: %s" % (type(error).__name__, str(error)[:300])
        except BaseException:
            types_, message = [qualified(type(error))], type(error).__name__
        emit({"case": number, "raised": {"types": types_, "message": message}})
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def main():
    if REQUEST.get("confine"):
        _confine(REQUEST["confine"])  # noqa: F821 (sandbox_confine.py, prepended by harness-source.ts)
    apply_limits(REQUEST["limits"], confine_processes=True)  # noqa: F821 (harness_common.py, prepended)
    os.chdir(REQUEST["workdir"])
    emit({"ready": True})
    missing = missing_module(REQUEST.get("requires", []))
    if missing:
        emit({"status": "skipped", "reason": "missing " + missing})
        return
    module = types.ModuleType(MODULE)
    sys.modules[MODULE] = module
    signal.signal(signal.SIGALRM, on_alarm)
    try:
        exec(compile(REQUEST["setup"], "<setup>", "exec"), module.__dict__)
        inputs = [SetupRefUnpickler(base64.b64decode(data), module).load() for data in REQUEST["inputs"]]
    except ModuleNotFoundError as error:
        emit({"status": "skipped", "reason": "missing " + str(error.name)})
        return
    except BaseException as error:
        emit({"status": "setup-error", "reason": "task setup failed in the sandbox: %s: %s"
              % (type(error).__name__, str(error)[:300])})
        return
    # From here on candidate code runs and may write to fd 3 itself: the judge ignores any
    # "skipped"/"setup-error" after this marker (they would take the row out of the rates).
    emit({"status": "candidate"})
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        signal.setitimer(signal.ITIMER_REAL, REQUEST["loadTimeoutSeconds"])
        exec(compile(REQUEST["code"], "<candidate>", "exec"), module.__dict__)
        signal.setitimer(signal.ITIMER_REAL, 0)
    except BaseException as error:
        # A module the candidate imports but the task does not require is the candidate's
        # failure, not a skip: otherwise raising ModuleNotFoundError would escape the rates.
        emit({"status": "load-error", "reason": "%s: %s" % (type(error).__name__, str(error)[:300])})
        return
    fn = module.__dict__.get(REQUEST["function"])
    emit({"status": "loaded"})
    for number, kwargs in enumerate(inputs):
        if not callable(fn):
            emit({"case": number, "raised": {"types": [], "message": "function %s is not defined"
                                                                    % REQUEST["function"]}})
            continue
        report_case(number, fn, kwargs, REQUEST["caseTimeoutSeconds"])
    emit({"status": "done"})


main()
