/**
 * Resolves in a new task, letting messages (a cancel, another request) and I/O callbacks run first.
 * A `setTimeout(…, 0)` does the same but, nested more than five deep, waits at least 4 ms each time
 * (the HTML timer clamp): a loop that yields once per step would spend that on every step. A message
 * posted to a channel of our own is a task of its own with no clamp.
 */
export function yieldTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
