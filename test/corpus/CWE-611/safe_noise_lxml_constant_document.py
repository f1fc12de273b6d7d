from lxml import etree

TEMPLATE = b"<config><retries>3</retries></config>"


def default_retries():
    parser = etree.XMLParser(resolve_entities=True)
    root = etree.fromstring(TEMPLATE, parser)
    return int(root.findtext("retries"))
