class Account:
    def __init__(self, owner, secret):
        self.owner = owner
        self.secret = secret


def greet(template, owner):
    # The template is the caller's; the object it formats has attributes worth reading.
    account = Account(owner, "s3cr3t")
    return template.format(account=account)  # expect: seclsp/format-string-injection
