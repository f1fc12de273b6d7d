def count_users(conn):
    table = "users"
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM " + table)
    return cur.fetchone()[0]
