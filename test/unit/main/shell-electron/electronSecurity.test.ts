import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  app: { getLocale: vi.fn(() => 'zh-CN') },
  dialog: { showMessageBox: vi.fn() },
  shell: { openExternal: vi.fn(async () => undefined) },
  safeStorage: {
    isEncryptionAvailable: vi.fn(() => true),
    getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
    encryptString: vi.fn((plain: string) => Buffer.from(`enc(${plain})`)),
    decryptString: vi.fn((cipher: Buffer) => cipher.toString().replace(/^enc\((.*)\)$/, '$1')),
  },
}));
vi.mock('electron', () => electron);

const { openExternalAfterConfirm, parseExternalUrl } =
  await import('../../../../main/shell-electron/externalLinks');
const { createSafeStorageCipher, keyringStatus } =
  await import('../../../../main/shell-electron/safeStorageCipher');
const silentLog = () => undefined;

describe('external links', () => {
  beforeEach(() => {
    electron.dialog.showMessageBox.mockReset();
    electron.shell.openExternal.mockClear();
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'app://renderer/', 'not a url'])(
    'never offers %s',
    async (url) => {
      expect(parseExternalUrl(url)).toBeNull();
      expect(await openExternalAfterConfirm(url, null, silentLog)).toBe(false);
      expect(electron.dialog.showMessageBox).not.toHaveBeenCalled();
      expect(electron.shell.openExternal).not.toHaveBeenCalled();
    },
  );

  it('shows the full URL and opens it only after the user confirms', async () => {
    const url = 'https://例子.example/path?q=1#frag';
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await openExternalAfterConfirm(url, null, silentLog)).toBe(true);
    const options = electron.dialog.showMessageBox.mock.calls[0]?.[0] as { detail: string; cancelId: number };
    const href = new URL(url).href; // punycode host: what the browser will really visit
    expect(options.detail).toContain(href);
    expect(options.cancelId).toBe(0);
    expect(electron.shell.openExternal).toHaveBeenCalledWith(href);
  });

  it('does nothing when the user cancels', async () => {
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    expect(await openExternalAfterConfirm('https://example.com/', null, silentLog)).toBe(false);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('safeStorage cipher', () => {
  beforeEach(() => {
    electron.safeStorage.isEncryptionAvailable.mockReturnValue(true);
    electron.safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
  });

  it('uses the keyring when one is selected, and round-trips', () => {
    const status = keyringStatus();
    expect(status).toEqual({
      usable: true,
      backend: process.platform === 'linux' ? 'gnome_libsecret' : process.platform,
    });
    const cipher = createSafeStorageCipher(status);
    const stored = cipher.encrypt('corp-secret');
    expect(stored.startsWith('safeStorage:')).toBe(true);
    expect(stored).not.toContain('corp-secret');
    expect(cipher.decrypt(stored)).toBe('corp-secret');
  });

  it.runIf(process.platform === 'linux')('treats basic_text (a fixed public password) as no keyring', () => {
    electron.safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    const status = keyringStatus();
    expect(status.usable).toBe(false);
    const cipher = createSafeStorageCipher(status);
    expect(cipher.encrypt('corp-secret')).toBe('plain:corp-secret');
  });

  it('reads values written without a keyring after one appears, and explains the reverse', () => {
    const withKeyring = createSafeStorageCipher({ usable: true, backend: 'kwallet6' });
    const withoutKeyring = createSafeStorageCipher({ usable: false, reason: 'test' });
    expect(withKeyring.decrypt(withoutKeyring.encrypt('s1'))).toBe('s1');
    expect(() => withoutKeyring.decrypt(withKeyring.encrypt('s2'))).toThrow(/OS keyring/);
    expect(() => withKeyring.decrypt('untagged')).toThrow(/Unrecognised/);
  });

  it('reports no keyring when encryption is unavailable', () => {
    electron.safeStorage.isEncryptionAvailable.mockReturnValue(false);
    expect(keyringStatus()).toMatchObject({ usable: false });
  });
});
