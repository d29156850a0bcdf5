import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { proxiedRequest } from '../../../../../../main/services/directory/proxiedRequest';
import { onRequestHead } from '../proxyHead';

/**
 * Run by directoryProxyTls.test.ts in a child process whose NODE_EXTRA_CA_CERTS trusts the test
 * certificate (Node 20 cannot add a CA at run time): an HTTPS server for "localhost" behind an HTTP
 * CONNECT proxy, asked by name and by address. Prints one JSON line of outcomes.
 */
const dir = path.dirname(new URL(import.meta.url).pathname);
const server = createHttpsServer(
  {
    key: readFileSync(path.join(dir, 'localhost.key.pem')),
    cert: readFileSync(path.join(dir, 'localhost.cert.pem')),
  },
  (request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ errcode: 0, host: request.headers.host, path: request.url }));
  },
);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
const port = (server.address() as { port: number }).port;
const proxy = createServer((client) =>
  onRequestHead(client, () => {
    const upstream = connect({ host: '127.0.0.1', port }, () => client.write('HTTP/1.1 200 OK\r\n\r\n'));
    client.pipe(upstream).pipe(client);
  }),
);
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
const settings = { url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, credentials: null };
const outcomes: Record<string, string> = {};
for (const [name, target] of [
  ['byName', `https://localhost:${port}/cgi-bin/gettoken?corpid=x`],
  ['byAddress', `https://127.0.0.1:${port}/cgi-bin/gettoken`],
]) {
  outcomes[name ?? ''] = await proxiedRequest(
    new URL(target ?? ''),
    { method: 'GET' },
    settings,
    AbortSignal.timeout(5_000),
  ).then(
    (answer) => `ok ${answer.text}`,
    (error: unknown) => `refused ${error instanceof Error ? error.message : String(error)}`,
  );
}
console.log(JSON.stringify(outcomes));
server.close();
proxy.close();
