import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import type { FuseV1Config } from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';

/**
 * electron-builder `afterPack`: flips Electron's fuses in the packaged binary before it is wrapped
 * into the AppImage (docs/style.md §7; Signal `ts/scripts/fuse-electron.node.ts`;
 * https://www.electronjs.org/docs/latest/tutorial/fuses). Fuses are bits in the executable, so a
 * user cannot turn them back on with flags or environment variables.
 */
export const appFuses = {
  version: FuseVersion.V1,
  // `ELECTRON_RUN_AS_NODE=1 ./app` would turn the signed binary into a plain Node interpreter.
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS=--require=… would inject code into main.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect would expose main (and the keys it holds) to a debugger.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // A no-op on Linux today (asar integrity is implemented for macOS and Windows only,
  // https://www.electronjs.org/docs/latest/tutorial/asar-integrity); on for when Linux gains it.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Ignore an `app/` folder or loose files placed beside app.asar.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Cookies at rest encrypted with the OS keyring key, like safeStorage.
  [FuseV1Options.EnableCookieEncryption]: true,
  // file: gets no special powers (the app refuses file: entirely; see protocol.ts).
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} satisfies FuseV1Config;

/** Wire bytes as @electron/fuses writes them: ASCII '1' / '0' (its FuseState enum is not exported). */
const wireByte = (enabled: boolean): number => (enabled ? 0x31 : 0x30);

/** The executable inside the unpacked app directory (Linux only: that is the one target). */
export function electronExecutableOf(context: AfterPackContext): string {
  if (context.electronPlatformName !== 'linux') {
    throw new Error(`afterPack: only Linux is configured, got ${context.electronPlatformName}`);
  }
  const { executableName } = context.packager as unknown as { executableName: string };
  return path.join(context.appOutDir, executableName);
}

export default async function afterPack(context: AfterPackContext): Promise<void> {
  const executable = electronExecutableOf(context);
  await flipFuses(executable, appFuses);
  // Read the wire back: a silently unchanged binary would ship with RunAsNode on.
  const wire = await getCurrentFuseWire(executable);
  const wrong = Object.entries(appFuses)
    .filter(([option]) => option !== 'version')
    .filter(([option, wanted]) => wire[Number(option) as FuseV1Options] !== wireByte(wanted === true))
    .map(([option]) => FuseV1Options[Number(option)]);
  if (wrong.length > 0) throw new Error(`afterPack: fuses not set in ${executable}: ${wrong.join(', ')}`);
  console.log(`afterPack: fuses flipped in ${path.basename(executable)}`);
}
