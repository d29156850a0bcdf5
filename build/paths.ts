import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where every build product lives; one place so scripts, tests and the shells agree. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = path.join(repoRoot, 'build', 'out');
export const nativeOutDir = path.join(outDir, 'native');
export const standinLibrary = path.join(nativeOutDir, 'libWeWorkFinanceSdk_C.so');
/** The demo archive sits next to the stand-in library, where the library looks by default. */
export const demoCorpusDir = path.join(nativeOutDir, 'standin-data');
export const hostBundle = path.join(outDir, 'host', 'sdk-host.cjs');
export const testResultsDir = path.join(outDir, 'test-results');
