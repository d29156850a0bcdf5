import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the build puts the SDK host bundle (esbuild of native/host/sdkHost.ts), relative to the app root. */
export const HOST_BUNDLE_RELATIVE_PATH = path.join('build', 'out', 'host', 'sdk-host.cjs');

/**
 * Absolute path of the host bundle under `appRoot` (the repository in development, the app's
 * resources directory when packaged). Throws with the build command when it is missing, so a fresh
 * checkout fails with an instruction rather than a fork error.
 */
export function resolveHostEntry(appRoot: string): string {
  const entry = path.join(appRoot, HOST_BUNDLE_RELATIVE_PATH);
  if (!existsSync(entry)) {
    throw new Error(`SDK host bundle not found at ${entry}; build it with \`npm run build -- host\``);
  }
  return entry;
}
