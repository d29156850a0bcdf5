import { useSyncExternalStore } from 'react';
import type { AuditReviewer } from '../../../main/common/audit/auditChain';
import { useAppServices } from '../appServices';

/** The current reviewer (null before anyone named themselves), re-rendered when switched. */
export function useReviewer(): AuditReviewer | null {
  const { reviewer } = useAppServices();
  return useSyncExternalStore(
    (listener) => reviewer.subscribe(listener),
    () => reviewer.reviewer,
  );
}
