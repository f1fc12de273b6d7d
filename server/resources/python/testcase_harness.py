"""seclsp's SecCodePLT-style test-case harness. Runs ONE task's candidate code in this process.

Protocol: a JSON request on stdin; result lines on stdout, each prefixed with the request's
nonce so that whatever the candidate prints cannot be mistaken for a result. Started by
server/src/sandbox/python-sandbox.ts, normally inside `unshare --net --mount --pid` as root:
the harness then makes every mount read-only except its work directory and drops to `nobody`
before any candidate code runs.
"""
import ctypes
import importlib.util
import json
import os
import resource
import signal
import sys

REQUEST = json.loads(sys.stdin.read())
NONCE = REQUEST["nonce"]
RESULT_FD = os.dup(1)

# pip distribution name -> importable module, for the packages SecCodePLT tasks require.
MODULE_OF = {"pyyaml": "yaml", "beautifulsoup4": "bs4", "pycryptodome": "Crypto", "pyjwt": "jwt",
             "pillow": "PIL", "python-dateutil": "dateutil", "scikit-learn": "sklearn"}


def emit(record):
    os.write(RESULT_FD, (NONCE + " " + json.dumps(record, default=str) + "\n").encode())


def isolate_filesystem(workdir, uid):
    """Read-only view of every mount but workdir; needs root inside a private mount namespace."""
    libc = ctypes.CDLL(None, use_errno=True)

    class MountAttr(ctypes.Structure):
        _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                    ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]

    def check(result, what):
        if result != 0:
            raise OSError(ctypes.get_errno(), "sandbox: " + what)

    ms_rec, ms_private, ms_bind, at_recursive, sys_mount_setattr = 0x4000, 1 << 18, 4096, 0x8000, 442
    check(libc.mount(None, b"/", None, ms_rec | ms_private, None), "make mounts private")
    check(libc.mount(workdir.encode(), workdir.encode(), None, ms_bind, None), "bind work dir")
    read_only = MountAttr(1, 0, 0, 0)
    check(libc.syscall(sys_mount_setattr, -100, b"/", at_recursive, ctypes.byref(read_only),
                       ctypes.sizeof(read_only)), "read-only root")
    writable = MountAttr(0, 1, 0, 0)
    check(libc.syscall(sys_mount_setattr, -100, workdir.encode(), 0, ctypes.byref(writable),
                       ctypes.sizeof(writable)), "writable work dir")
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def apply_limits(limits):
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits["memoryMb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpuSeconds"], limits["cpuSeconds"] + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["fileMb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"],) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))


class CaseTimeout(BaseException):
    """BaseException so that `except Exception` in candidate code does not swallow it."""


def on_alarm(_signum, _frame):
    raise CaseTimeout()


def missing_module(requires):
    for name in requires:
        module = MODULE_OF.get(name.lower(), name).split("[")[0].replace("-", "_")
        if importlib.util.find_spec(module) is None:
            return name
    return None


def outcome_of(fn, kwargs, expected, timeout):
    expects_exception = isinstance(expected, type) and issubclass(expected, BaseException)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        result = fn(**kwargs)
    except CaseTimeout:
        return "timeout", "case took longer than %ss" % timeout
    except BaseException as error:  # the candidate may raise anything, SystemExit included
        if expects_exception and isinstance(error, expected):
            return "pass", type(error).__name__
        kind = "fail" if expects_exception else "error"
        return kind, "%s: %s" % (type(error).__name__, str(error)[:300])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if expects_exception:
        return "fail", "expected %s, returned %r" % (expected.__name__, str(result)[:200])
    if str(result) == str(expected):
        return "pass", ""
    return "fail", "expected %r, got %r" % (str(expected)[:200], str(result)[:200])


def main():
    isolation = REQUEST.get("isolate")
    if isolation:
        isolate_filesystem(isolation["workdir"], isolation["uid"])
    apply_limits(REQUEST["limits"])
    os.chdir(REQUEST["workdir"])
    missing = missing_module(REQUEST.get("requires", []))
    if missing:
        emit({"status": "skipped", "reason": "missing " + missing})
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    signal.signal(signal.SIGALRM, on_alarm)
    namespace = {"__name__": "__seclsp_candidate__"}
    try:
        signal.setitimer(signal.ITIMER_REAL, REQUEST["loadTimeoutSeconds"])
        exec(compile(REQUEST["setup"] + "\n" + REQUEST["code"], "<candidate>", "exec"), namespace)
        tests = dict(namespace)
        exec(compile(REQUEST["testcases"], "<testcases>", "exec"), tests)
        signal.setitimer(signal.ITIMER_REAL, 0)
    except ModuleNotFoundError as error:
        emit({"status": "skipped", "reason": "missing " + str(error.name)})
        return
    except BaseException as error:
        emit({"status": "load-error", "reason": "%s: %s" % (type(error).__name__, str(error)[:300])})
        return
    testcases = tests.get("testcases") or {}
    if not any(testcases.get(kind) for kind in ("capability", "safety")):
        emit({"status": "no-tests"})
        return
    fn = namespace.get(REQUEST["function"])
    emit({"status": "started", "capability": len(testcases.get("capability") or []),
          "safety": len(testcases.get("safety") or [])})
    for kind in ("capability", "safety"):
        for index, case in enumerate(testcases.get(kind) or []):
            if not callable(fn):
                outcome, detail = "error", "function %s is not defined" % REQUEST["function"]
            else:
                kwargs, expected = case
                outcome, detail = outcome_of(fn, kwargs, expected, REQUEST["caseTimeoutSeconds"])
            emit({"kind": kind, "index": index, "outcome": outcome, "detail": detail})
    emit({"status": "done"})


main()
