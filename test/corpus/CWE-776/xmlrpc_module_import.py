import xmlrpc.server


def serve():
    rpc = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", 9000), allow_none=True)  # expect: py/simple-xml-rpc-server-dos
    rpc.serve_forever()
