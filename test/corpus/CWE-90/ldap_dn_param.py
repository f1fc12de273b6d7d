import ldap


def user_entry(conn, username):
    dn = "uid=%s,ou=people,dc=example,dc=com" % username
    return conn.search_s(dn, ldap.SCOPE_BASE)  # expect: py/ldap-injection
