import type { JsonValue } from '../../../main/common/audit/auditChain';
import type { CorpDto } from '../../../main/contract';

/** A corp's settings as the trail records them (before/after): what a reviewer set, never a secret. */
export function corpAuditView(corp: CorpDto): { [key: string]: JsonValue } {
  return {
    corpid: corp.corpid,
    name: corp.name,
    libraryPath: corp.libraryPath,
    librarySha256: corp.librarySha256,
    proxyUrl: corp.proxyUrl,
    apiBaseUrl: corp.apiBaseUrl,
    timeoutSec: corp.timeoutSec,
    batchLimit: corp.batchLimit,
    scheduleMinutes: corp.scheduleMinutes,
    hasSecret: corp.hasSecret,
    hasContactSecret: corp.hasContactSecret,
    hasProxyCredentials: corp.hasProxyCredentials,
  };
}
