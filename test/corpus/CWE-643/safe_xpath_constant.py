from lxml import etree


def admins(tree):
    return tree.xpath("//user[@role='admin']")
