import pymysql


def connect():
    return pymysql.connect(host="db", user="root", password="S3cr3t!pass", database="app")  # expect: py/hardcoded-credentials
