import xml.etree.ElementTree as ET


def load_settings():
    return ET.parse("/etc/app/settings.xml").getroot()
