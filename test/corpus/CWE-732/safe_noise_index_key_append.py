INDEX = "/var/lib/app/index.txt"


def add_entry(key, position):
    # `key` names an index entry, not a secret: the default mode is fine.
    with open(INDEX, "a") as f:
        f.write("%r, %r\n" % (key, position))
