# The caller chooses the directory; the function only appends its own file name: a note.
import os


# severity: note
def write_marker(base_dir):
    with open(os.path.join(base_dir, "MARKER"), "w") as handle:  # expect: py/path-injection
        handle.write("1")
