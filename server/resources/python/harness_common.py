"""seclsp sandbox harnesses: what test_inputs.py and candidate_harness.py share (prepended to each)."""
import importlib.util
import resource

# pip distribution name -> importable module, for the packages SecCodePLT tasks require.
MODULE_OF = {"pyyaml": "yaml", "beautifulsoup4": "bs4", "pycryptodome": "Crypto", "pyjwt": "jwt",
             "pillow": "PIL", "python-dateutil": "dateutil", "scikit-learn": "sklearn"}


def apply_limits(limits, confine_processes=False):
    """rlimits for dataset or candidate code; candidate code also gets process and file limits."""
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits["memoryMb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpuSeconds"], limits["cpuSeconds"] + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["fileMb"] * mb,) * 2)
    if confine_processes:
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"],) * 2)
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def missing_module(requires):
    for name in requires:
        module = MODULE_OF.get(name.lower(), name).split("[")[0].replace("-", "_")
        if importlib.util.find_spec(module) is None:
            return name
    return None
