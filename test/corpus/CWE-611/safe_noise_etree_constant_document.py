import xml.etree.ElementTree as ET

DEFAULTS = "<limits><upload>10</upload><rate>5</rate></limits>"


def default_limits():
    root = ET.fromstring(DEFAULTS)
    return {child.tag: int(child.text) for child in root}
