import os

import ldap3


def connect():
    server = ldap3.Server("ldap://ldap.example.org", use_ssl=False)  # expect: py/insecure-ldap-auth
    return ldap3.Connection(server, "cn=app", password=os.environ["LDAP_PASSWORD"])
