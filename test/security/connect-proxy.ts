import { createServer, type Server } from "node:http";
import { connect as netConnect, type Socket } from "node:net";

/**
 * A tiny HTTP CONNECT proxy on 127.0.0.1 for tests. It records every connection and CONNECT
 * target, and tunnels each CONNECT to `route(authority)` — a local port standing in for the
 * requested host, so "remote" names (model.example.test) are reached without DNS or network.
 * `refuse` answers every CONNECT with that status instead of tunnelling.
 */
export interface ConnectProxy {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** TCP connections the proxy accepted. */
  connections: number;
  /** `host:port` of every CONNECT request, in order. */
  readonly targets: string[];
  /** Plain (absolute-form) requests, which this proxy does not forward: answered 405. */
  readonly plainRequests: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(options: {
  route: (authority: string) => number;
  refuse?: number;
}): Promise<ConnectProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    proxy.plainRequests.push(req.url ?? "");
    res.writeHead(405).end();
  });
  const proxy: ConnectProxy = {
    url: "",
    connections: 0,
    targets: [],
    plainRequests: [],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on("connection", (socket: Socket) => {
    proxy.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (req, clientSocket: Socket, head: Buffer) => {
    const authority = req.url ?? "";
    proxy.targets.push(authority);
    if (options.refuse !== undefined) {
      clientSocket.end(`HTTP/1.1 ${options.refuse} Refused\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const upstream = netConnect(options.route(authority), "127.0.0.1", () => {
      clientSocket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => clientSocket.destroy());
    clientSocket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy did not bind a port");
  return Object.assign(proxy, { url: `http://127.0.0.1:${address.port}` });
}
