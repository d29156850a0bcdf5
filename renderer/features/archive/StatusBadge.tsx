import { useTranslation } from 'react-i18next';
import type { MessageRow } from '../../db';
import { Badge } from '../../ui/Badge';

const tones = {
  ok: 'success',
  'missing-key': 'warning',
  'decrypt-failed': 'danger',
  'sdk-crash': 'danger',
  'malformed-envelope': 'danger',
} as const;

export function StatusBadge({ row }: { row: Pick<MessageRow, 'status' | 'publickeyVer'> }) {
  const { t } = useTranslation();
  return (
    <Badge tone={tones[row.status]}>{t(`archive.status.${row.status}`, { version: row.publickeyVer })}</Badge>
  );
}
