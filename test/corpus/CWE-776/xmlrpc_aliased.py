from xmlrpc.server import SimpleXMLRPCServer as RpcServer


class Api:
    def ping(self):
        return "pong"


def main():
    with RpcServer(("127.0.0.1", 8080)) as srv:  # expect: py/simple-xml-rpc-server-dos
        srv.register_instance(Api())
        srv.serve_forever()
