# A library function whose purpose is to open the path its caller chose: reported, as a note.


# severity: note
def load_config(path):
    with open(path) as handle:  # expect: py/path-injection
        return handle.read()
