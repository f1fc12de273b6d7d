import ldap


def connect():
    conn = ldap.initialize("ldaps://ldap.example.org")
    conn.simple_bind("cn=app,dc=example,dc=org", "")  # expect: py/improper-ldap-auth
    return conn
