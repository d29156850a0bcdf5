import { vi } from 'vitest';
import { ok } from '../../../../main/contract';
import type { ArchiveEvent, MethodName, MethodResults, Result } from '../../../../main/contract';
import type { ArchiveService } from '../../../../main/services/archiveService.types';

/**
 * A stand-in for the lead's `createArchiveService`: answers every verb with `{ echo: method, params }`
 * so tests can see what the shell forwarded, and lets tests emit events.
 */
export function createFakeArchiveService() {
  const listeners = new Set<(event: ArchiveEvent) => void>();
  const handle = vi.fn(
    async <M extends MethodName>(method: M, params: unknown): Promise<Result<MethodResults[M]>> =>
      ok({ echo: method, params }) as unknown as Result<MethodResults[M]>,
  );
  const rendererReset = vi.fn();
  const close = vi.fn(async () => undefined);
  const service: ArchiveService = {
    handle: handle as ArchiveService['handle'],
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rendererReset,
    close,
  };
  return {
    service,
    handle,
    rendererReset,
    close,
    emit: (event: ArchiveEvent) => listeners.forEach((listener) => listener(event)),
    listenerCount: () => listeners.size,
  };
}

export const silentLog = () => undefined;
