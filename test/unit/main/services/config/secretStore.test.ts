import { describe, expect, it } from 'vitest';
import { secretMadeOnce, type SecretStore } from '../../../../../main/services/config/secretStore';

/** An in-memory store that counts writes and can be told to fail the next read. */
function memoryStore() {
  const values = new Map<string, string>();
  const state = { writes: 0, failNextRead: false };
  const store: SecretStore = {
    kind: 'file-0600',
    location: 'memory',
    get: async (name) => {
      if (state.failNextRead) {
        state.failNextRead = false;
        throw new Error('keyring locked');
      }
      return values.get(name) ?? null;
    },
    set: async (name, value) => {
      state.writes += 1;
      values.set(name, value);
    },
    delete: async (name) => {
      values.delete(name);
    },
    deletePrefix: async () => undefined,
  };
  return { store, values, state };
}

const counter = () => {
  let made = 0;
  return {
    parse: (stored: string) => `parsed:${stored}`,
    create: () => {
      made += 1;
      return { value: `value-${made}`, stored: `stored-${made}` };
    },
    made: () => made,
  };
};

describe('secretMadeOnce', () => {
  it('makes and stores the secret once, for callers at the same time and later', async () => {
    const { store, values, state } = memoryStore();
    const how = counter();
    const load = secretMadeOnce(store, 'k', how);
    expect(await Promise.all([load(), load()])).toEqual(['value-1', 'value-1']);
    expect(await load()).toBe('value-1');
    expect(how.made()).toBe(1);
    expect(state.writes).toBe(1);
    expect(values.get('k')).toBe('stored-1');
  });

  it('parses what is already stored and makes nothing', async () => {
    const { store, values, state } = memoryStore();
    values.set('k', 'old');
    const how = counter();
    expect(await secretMadeOnce(store, 'k', how)()).toBe('parsed:old');
    expect(how.made()).toBe(0);
    expect(state.writes).toBe(0);
  });

  it('does not remember a failed load: the next call reads again', async () => {
    const { store, values, state } = memoryStore();
    values.set('k', 'old');
    state.failNextRead = true;
    const load = secretMadeOnce(store, 'k', counter());
    await expect(load()).rejects.toThrow('keyring locked');
    expect(await load()).toBe('parsed:old');
  });

  it('passes on what parse throws for a damaged value, and tries again next time', async () => {
    const { store, values } = memoryStore();
    values.set('k', 'bad');
    const load = secretMadeOnce(store, 'k', {
      parse: (stored) => {
        if (stored === 'bad') throw new Error('damaged');
        return stored;
      },
      create: () => ({ value: 'new', stored: 'new' }),
    });
    await expect(load()).rejects.toThrow('damaged');
    values.set('k', 'fixed');
    expect(await load()).toBe('fixed');
  });
});
