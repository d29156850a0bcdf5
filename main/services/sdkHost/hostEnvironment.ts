/**
 * The SDK host runs vendor code with the corp secret in memory; it starts with only what Node, koffi
 * and libc need, never main's whole environment (tokens, API keys, SSH agent sockets, proxies).
 * - PATH, LANG, LC_*, TZ: locale and time zone for libc;
 * - TMPDIR: Node's os.tmpdir();
 * - LD_LIBRARY_PATH: where the dynamic loader finds the library's own dependencies;
 * - SSL_CERT_FILE / SSL_CERT_DIR: the CA bundle the vendor SDK's TLS may be pointed at;
 * - WEWORK_STANDIN_*: the bundled stand-in's data and fault controls (demo and tests; no secrets).
 * The launch's own variables (set by main, e.g. the demo corpus folder) are added on top.
 */
const EXACT = new Set([
  'PATH',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'LD_LIBRARY_PATH',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
]);
const PREFIXES = ['LC_', 'WEWORK_STANDIN_'];

export function minimalHostEnvironment(
  base: NodeJS.ProcessEnv,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (EXACT.has(name) || PREFIXES.some((prefix) => name.startsWith(prefix))) env[name] = value;
  }
  return { ...env, ...extra };
}
