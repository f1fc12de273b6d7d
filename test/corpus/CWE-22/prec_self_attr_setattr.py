class Settings:
    """Options copied from keyword arguments: any attribute may hold caller data."""

    def __init__(self, **options):
        for key, value in options.items():
            setattr(self, key, value)

    def read_template(self):
        with open(self.template_path) as fh:  # expect: py/path-injection
            return fh.read()
