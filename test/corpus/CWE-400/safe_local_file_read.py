TEMPLATE_PATH = "/usr/share/app/page.html"


def load_template() -> str:
    with open(TEMPLATE_PATH) as handle:
        return handle.read()
