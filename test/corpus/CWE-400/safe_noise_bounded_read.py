MAX_BODY = 1 << 20


class Handler:
    def body(self):
        return self.rfile.read(MAX_BODY)
