import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * TLS inside the proxy tunnel (the real WeCom API is HTTPS): the API's certificate is verified
 * against its host name, not the proxy's, and a certificate for another name, or from no trusted
 * CA, is refused. Runs tls/tunnelCheck.ts in a child whose NODE_EXTRA_CA_CERTS trusts the test CA.
 */
const dir = path.join(import.meta.dirname, 'tls');

function run(trustTestCa: boolean): Record<string, string> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, 'tunnelCheck.ts')], {
    encoding: 'utf8',
    env: {
      ...process.env,
      ...(trustTestCa ? { NODE_EXTRA_CA_CERTS: path.join(dir, 'localhost.cert.pem') } : {}),
    },
    timeout: 30_000,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`tunnelCheck failed: ${child.stderr}`);
  return JSON.parse(line) as Record<string, string>;
}

describe('HTTPS through the proxy tunnel', () => {
  it('verifies the API certificate against the API host name', () => {
    const outcomes = run(true);
    expect(outcomes.byName).toMatch(
      /^ok \{"errcode":0,"host":"localhost:\d+","path":"\/cgi-bin\/gettoken\?corpid=x"\}$/,
    );
    expect(outcomes.byAddress).toMatch(/^refused .*(does not match|not in the cert's list)/);
  });

  it('refuses a certificate from no trusted CA', () => {
    const outcomes = run(false);
    expect(outcomes.byName).toMatch(/^refused .*self-signed certificate/);
  });
});
