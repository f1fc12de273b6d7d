from lxml import etree


def make_query(field):
    return etree.XPath("//item/" + field)  # expect: py/xpath-injection
