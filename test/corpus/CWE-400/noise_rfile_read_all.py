class Handler:
    # severity: warning
    def body(self):
        return self.rfile.read()  # expect: seclsp/unbounded-read
