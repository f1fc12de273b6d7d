from ldap3 import Connection, Server


def connect():
    server = Server("ldaps://ldap.example.org", use_ssl=True)
    return Connection(server, user="cn=app,dc=example,dc=org")  # expect: py/improper-ldap-auth
