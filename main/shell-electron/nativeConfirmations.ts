import path from 'node:path';
import { app, dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import type { OpenConfirmation, ShellConfirmations } from '../services/archiveService.types';
import type { ConfirmedLibrary } from '../services/config/libraryTrust';

/**
 * The Electron shell's confirmations, shown by main with native dialogs (the renderer cannot click
 * them): choosing the SDK library (open dialog, then path + SHA-256) and "open with" (the name with
 * bidi/invisible characters written out, the real type, a second warning for executable types).
 * Main does not know the UI's language setting, so the system locale picks zh-CN or English.
 */
const text = {
  en: {
    chooseTitle: 'Choose libWeWorkFinanceSdk_C.so',
    library: 'Shared library',
    all: 'All files',
    confirmTitle: 'Confirm the SDK library',
    confirmMessage: 'Use this file as the WeCom SDK library?',
    confirmDetail: (l: ConfirmedLibrary) =>
      `Path: ${l.libraryPath}\nSHA-256: ${l.sha256}\n\nThis library will receive the corp's secret and private keys. Compare the SHA-256 with the one of the SDK you downloaded from WeCom.`,
    use: 'Use this library',
    cancel: 'Cancel',
    openTitle: 'Open with another application',
    openMessage: (f: OpenConfirmation) => `Open “${f.displayName}” with the system application?`,
    openDetail: (f: OpenConfirmation) =>
      `Type: ${f.fileType || '(none)'} (the real extension after the last dot of the name, not how the name looks)\n` +
      (f.displayName.includes('<U+')
        ? 'The name holds invisible or direction-changing characters, shown as <U+…>: they can make a name look as if it ended in another extension.\n'
        : '') +
      'The file comes from the chat archive; a copy is opened and removed later.',
    open: 'Open',
    dangerTitle: 'This file can run code',
    dangerMessage: (f: OpenConfirmation) =>
      `“${f.displayName}” is of type ${f.fileType || '(none)'}, which can run programs on this computer.`,
    dangerDetail: 'Open it only if you know exactly what it is and who sent it.',
    openAnyway: 'Open anyway',
  },
  zh: {
    chooseTitle: '选择 libWeWorkFinanceSdk_C.so',
    library: '共享库',
    all: '所有文件',
    confirmTitle: '确认 SDK 库',
    confirmMessage: '使用此文件作为企业微信 SDK 库？',
    confirmDetail: (l: ConfirmedLibrary) =>
      `路径：${l.libraryPath}\nSHA-256：${l.sha256}\n\n该库将获得企业的 Secret 和私钥。请与您从企业微信下载的 SDK 的 SHA-256 比对。`,
    use: '使用此库',
    cancel: '取消',
    openTitle: '用其他应用打开',
    openMessage: (f: OpenConfirmation) => `用系统应用打开“${f.displayName}”？`,
    openDetail: (f: OpenConfirmation) =>
      `类型：${f.fileType || '（无）'}（取自文件名最后一个点之后的真实扩展名，而不是文件名看起来的样子）\n` +
      (f.displayName.includes('<U+')
        ? '文件名中含有不可见字符或改变文字方向的字符，已显示为 <U+…>：它们能让文件名看起来以另一个扩展名结尾。\n'
        : '') +
      '该文件来自会话存档；打开的是副本，稍后会被删除。',
    open: '打开',
    dangerTitle: '此文件可以运行代码',
    dangerMessage: (f: OpenConfirmation) =>
      `“${f.displayName}”的类型为 ${f.fileType || '（无）'}，可以在这台电脑上运行程序。`,
    dangerDetail: '仅当您确切知道它是什么、由谁发送时才打开。',
    openAnyway: '仍然打开',
  },
};

export function createNativeConfirmations(window: () => BrowserWindow | null): ShellConfirmations {
  const t = app.getLocale().toLowerCase().startsWith('zh') ? text.zh : text.en;
  const ask = async (options: Electron.MessageBoxOptions): Promise<boolean> => {
    const parent = window();
    const answer = parent
      ? await dialog.showMessageBox(parent, options)
      : await dialog.showMessageBox(options);
    return answer.response === 0;
  };
  return {
    kind: 'native',
    async chooseLibraryFile(suggested) {
      const parent = window();
      const options: Electron.OpenDialogOptions = {
        title: t.chooseTitle,
        properties: ['openFile', 'dontAddToRecent'],
        filters: [
          { name: t.library, extensions: ['so'] },
          { name: t.all, extensions: ['*'] },
        ],
        ...(suggested && path.isAbsolute(suggested) ? { defaultPath: path.dirname(suggested) } : {}),
      };
      const answer = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return answer.canceled ? null : (answer.filePaths[0] ?? null);
    },
    confirmLibrary: (library) =>
      ask({
        type: 'question',
        title: t.confirmTitle,
        message: t.confirmMessage,
        detail: t.confirmDetail(library),
        buttons: [t.use, t.cancel],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      }),
    async confirmOpen(file) {
      const first = await ask({
        type: 'question',
        title: t.openTitle,
        message: t.openMessage(file),
        detail: t.openDetail(file),
        buttons: [t.open, t.cancel],
        defaultId: file.dangerous ? 1 : 0,
        cancelId: 1,
        noLink: true,
      });
      if (!first || !file.dangerous) return first;
      return ask({
        type: 'warning',
        title: t.dangerTitle,
        message: t.dangerMessage(file),
        detail: t.dangerDetail,
        buttons: [t.openAnyway, t.cancel],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
    },
  };
}
