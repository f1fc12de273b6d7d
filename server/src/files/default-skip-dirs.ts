/**
 * Directories never descended into during discovery (unless named explicitly as a root):
 * virtual environments, installed packages, VCS metadata and caches hold no code of the project.
 */
export const DEFAULT_SKIP_DIRS: ReadonlySet<string> = new Set([
  ".git",
  ".hg",
  ".svn",
  ".venv",
  "venv",
  ".tox",
  ".nox",
  "node_modules",
  "__pycache__",
  "site-packages",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
]);

/** A directory holding this file is a virtualenv whatever its name (python -m venv writes it). */
export const VIRTUALENV_MARKER = "pyvenv.cfg";

/** Extensions discovered inside directories. Stubs (.pyi) hold no runtime code, so they are left out. */
export const PYTHON_EXTENSIONS: readonly string[] = [".py", ".pyw"];
