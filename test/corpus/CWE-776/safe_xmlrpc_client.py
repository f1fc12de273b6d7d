import xmlrpc.client


def call_remote():
    proxy = xmlrpc.client.ServerProxy("http://127.0.0.1:8000/")
    return proxy.add(1, 2)
