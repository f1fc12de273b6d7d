import ldap


def directory_lookup(uid):
    conn = ldap.initialize("ldaps://ldap.example.org")
    conn.simple_bind_s("cn=reader,dc=example,dc=org")  # expect: py/improper-ldap-auth
    return conn.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, "(uid=reader)")
