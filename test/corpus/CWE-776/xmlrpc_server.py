from xmlrpc.server import SimpleXMLRPCServer


def add(a, b):
    return a + b


server = SimpleXMLRPCServer(("127.0.0.1", 8000))  # expect: py/simple-xml-rpc-server-dos
server.register_function(add)
