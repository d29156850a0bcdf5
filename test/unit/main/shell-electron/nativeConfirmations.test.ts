import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  app: { getLocale: vi.fn(() => 'en-US') },
  dialog: { showMessageBox: vi.fn(), showOpenDialog: vi.fn() },
}));
vi.mock('electron', () => electron);

const { createNativeConfirmations } = await import('../../../../main/shell-electron/nativeConfirmations');

type Options = { message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number };
const shown = (index: number) => electron.dialog.showMessageBox.mock.calls[index]?.[0] as Options;

describe('Electron: confirmations shown by main', () => {
  beforeEach(() => {
    electron.dialog.showMessageBox.mockReset();
    electron.dialog.showOpenDialog.mockReset();
    electron.app.getLocale.mockReturnValue('en-US');
  });

  it('chooses the library with the native open dialog and confirms its path and SHA-256', async () => {
    const confirm = createNativeConfirmations(() => null);
    if (confirm.kind !== 'native') throw new Error('expected native confirmations');
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/opt/w/lib.so'] });
    expect(await confirm.chooseLibraryFile('/opt/old/lib.so')).toBe('/opt/w/lib.so');
    expect(electron.dialog.showOpenDialog.mock.calls[0]?.[0]).toMatchObject({ defaultPath: '/opt/old' });
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await confirm.chooseLibraryFile(undefined)).toBeNull();

    const library = { libraryPath: '/opt/w/lib.so', sha256: 'ab'.repeat(32) };
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    expect(await confirm.confirmLibrary(library)).toBe(true);
    expect(shown(0).detail).toContain(library.libraryPath);
    expect(shown(0).detail).toContain(library.sha256);
    // Cancel is the default button: Enter does not confirm.
    expect(shown(0)).toMatchObject({ defaultId: 1, cancelId: 1 });
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    expect(await confirm.confirmLibrary(library)).toBe(false);
  });

  it('asks twice for an executable type, once for a document, in the system language', async () => {
    electron.app.getLocale.mockReturnValue('zh-CN');
    const confirm = createNativeConfirmations(() => null);
    if (confirm.kind !== 'native') throw new Error('expected native confirmations');
    const script = { displayName: 'invoice<U+202E>fdp.sh', fileType: 'sh', dangerous: true };

    electron.dialog.showMessageBox.mockResolvedValue({ response: 0 });
    expect(await confirm.confirmOpen(script)).toBe(true);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(2);
    expect(shown(0).message).toContain('invoice<U+202E>fdp.sh');
    expect(shown(0).detail).toContain('类型：sh');
    // Where the type comes from, and what the marker in the name means.
    expect(shown(0).detail).toContain('最后一个点之后的真实扩展名');
    expect(shown(0).detail).toContain('<U+…>');
    expect(shown(1).message).toContain('可以在这台电脑上运行程序');

    electron.dialog.showMessageBox.mockReset();
    electron.dialog.showMessageBox
      .mockResolvedValueOnce({ response: 0 })
      .mockResolvedValueOnce({ response: 1 });
    expect(await confirm.confirmOpen(script)).toBe(false);

    electron.dialog.showMessageBox.mockReset();
    electron.dialog.showMessageBox.mockResolvedValue({ response: 0 });
    expect(await confirm.confirmOpen({ displayName: 'a.pdf', fileType: 'pdf', dangerous: false })).toBe(true);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(shown(0).detail).not.toContain('<U+…>');
  });
});
