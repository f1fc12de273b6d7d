import os

from ldap3 import Connection, Server


def connect():
    server = Server("ldap.example.org", port=389)  # expect: py/insecure-ldap-auth
    return Connection(server, user="cn=app", password=os.environ["LDAP_PASSWORD"], auto_bind=True)
