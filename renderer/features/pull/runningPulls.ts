/**
 * The corps whose pull this tab had running, kept in sessionStorage: when the page reloads or the
 * connection to main comes back, main has stopped those pulls (their batches lost their consumer),
 * and the renderer restarts them from the cursor it committed. A stop the user asked for, a pull
 * that caught up and a pull that failed are forgotten, so they are not restarted.
 */
export const RUNNING_PULLS_KEY = 'wecom-archive.running-pulls';

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export class RunningPulls {
  constructor(private readonly storage: KeyValueStorage) {}

  list(): string[] {
    try {
      const value: unknown = JSON.parse(this.storage.getItem(RUNNING_PULLS_KEY) ?? '[]');
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  }

  add(corpId: string): void {
    const ids = this.list();
    if (!ids.includes(corpId)) this.write([...ids, corpId]);
  }

  remove(corpId: string): void {
    const ids = this.list();
    if (ids.includes(corpId)) this.write(ids.filter((id) => id !== corpId));
  }

  private write(ids: string[]): void {
    this.storage.setItem(RUNNING_PULLS_KEY, JSON.stringify(ids));
  }
}
