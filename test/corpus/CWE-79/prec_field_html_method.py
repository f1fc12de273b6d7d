class Badge:
    def __init__(self, text):
        self.text = text

    def to_html(self):
        return "<span class='badge'>" + self.text + "</span>"  # expect: py/reflective-xss
