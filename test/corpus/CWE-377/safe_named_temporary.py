import tempfile


def scratch():
    with tempfile.NamedTemporaryFile("w", delete=False) as handle:
        handle.write("data")
        return handle.name
