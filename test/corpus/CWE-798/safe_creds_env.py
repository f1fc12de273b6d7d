import os
import pymysql


def connect():
    return pymysql.connect(host="db", user="app", password=os.environ["DB_PASSWORD"], database="app")
