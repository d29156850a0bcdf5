import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { REQUIRED_SDK_EXPORTS } from '../../../main/services/config/libraryCheck';

/**
 * Compiles a hostile shared library to `output` (its C source beside it): its constructor writes `marker` the
 * moment any process loads the file, so a test proves a file never ran by the marker's absence. With
 * `sdkExports` it also exports the SDK's names as stubs, so it passes the export check (docs/security.md).
 * Used by the e2e and the integration ring (the probes of issue 17).
 */
export async function buildMarkerLibrary(
  output: string,
  marker: string,
  options: { sdkExports: boolean },
): Promise<void> {
  const source = `${output}.c`;
  const stubs = options.sdkExports
    ? REQUIRED_SDK_EXPORTS.map((name) => `long ${name}(void) { return 0; }\n`).join('')
    : '';
  await writeFile(
    source,
    `#include <stdio.h>
static void __attribute__((constructor)) hostile(void) {
  FILE *f = fopen(${JSON.stringify(marker)}, "w");
  if (f) { fputs("loaded", f); fclose(f); }
}
${stubs}`,
  );
  execFileSync('gcc', ['-shared', '-fPIC', '-o', output, source]);
}
