from lxml import etree


def apply_stylesheet(document, stylesheet_text):
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    style = etree.XML(stylesheet_text, parser)
    transform = etree.XSLT(style)  # expect: py/xslt-injection
    return transform(document)
