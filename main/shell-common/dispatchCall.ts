import { fail, isMethodName } from '../contract';
import type { Result } from '../contract';
import type { ArchiveService } from '../services/archiveService.types';
import type { ShellLog } from './jsonLog';

/**
 * Forwards one verb to the service and always answers an envelope (docs/style.md §3): an unknown verb is
 * `invalid-request`, and a service that throws instead of answering is `internal` — the renderer
 * never sees a rejected promise or a stack trace.
 */
export async function dispatchCall(
  service: ArchiveService,
  method: string,
  params: unknown,
  log: ShellLog,
): Promise<Result<unknown>> {
  if (!isMethodName(method)) {
    return fail({ code: 'invalid-request', message: `Unknown method: ${method.slice(0, 64)}` });
  }
  try {
    return await service.handle(method, params);
  } catch (error) {
    log('error', 'service.handle threw instead of answering an envelope', {
      method,
      error: error instanceof Error ? error.message : String(error),
    });
    return fail({ code: 'internal', message: `Internal error in ${method}` });
  }
}
