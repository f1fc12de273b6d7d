import os

import ldap


def connect():
    conn = ldap.initialize("ldap://ldap.example.org")
    conn.start_tls_s()
    conn.simple_bind_s("cn=app,dc=example,dc=org", os.environ["LDAP_PASSWORD"])
    return conn
