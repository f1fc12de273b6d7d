import pymysql


def get_connection():
    return pymysql.connect(host="db", user="app", database="shop")


def find_orders(customer_id):
    conn = get_connection()
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM orders WHERE customer = " + customer_id)  # expect: py/sql-injection
        return cur.fetchall()
