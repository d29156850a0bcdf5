import type { Socket } from 'node:net';

/**
 * Test proxies: calls `onHead` once with the client's request head (up to the blank line, latin1)
 * and stops reading, so the socket can be handed to a tunnel.
 */
export function onRequestHead(client: Socket, onHead: (head: string) => void): void {
  let head = '';
  const onData = (chunk: Buffer) => {
    head += chunk.toString('latin1');
    if (!head.includes('\r\n\r\n')) return;
    client.off('data', onData);
    onHead(head);
  };
  client.on('data', onData);
}
