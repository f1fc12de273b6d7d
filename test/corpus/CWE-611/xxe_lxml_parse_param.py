from lxml import etree


def load_document(xml_file):
    tree = etree.parse(xml_file)  # expect: py/xxe
    return tree.getroot()
