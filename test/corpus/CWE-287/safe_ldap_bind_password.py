import os

import ldap
from ldap3 import Connection, Server


def connect():
    conn = ldap.initialize("ldaps://ldap.example.org")
    conn.simple_bind_s("cn=app,dc=example,dc=org", os.environ["LDAP_PASSWORD"])
    server = Server("ldaps://ldap.example.org", use_ssl=True)
    return conn, Connection(server, "cn=app,dc=example,dc=org", os.environ["LDAP_PASSWORD"])
