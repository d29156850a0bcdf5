import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../main/contract';
import { describeArchiveError } from '../../i18n/describeErrors';
import { Banner } from '../../ui/Banner';
import { InlineConfirm } from '../../ui/InlineConfirm';
import type { Column } from '../../ui/Table';

/** What a row's actions cell needs: which row, the question, the removal and the buttons shown otherwise. */
export interface RemovableRow {
  key: string | number;
  question: string;
  remove: () => Promise<Result<unknown>>;
  buttons: ReactNode;
}

/**
 * Remove with a second step, for a settings table (corps, keys): `ask(key)` puts the question in place
 * of that row's buttons in the actions `column`, Confirm runs the removal, and a refusal is `problem`.
 */
export function useConfirmedRemove(failed: 'settings.corps.removeFailed' | 'settings.keys.removeFailed') {
  const { t } = useTranslation();
  const [asking, setAsking] = useState<string | number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const confirm = async (remove: RemovableRow['remove']) => {
    setError(null);
    const answer = await remove();
    setAsking(null);
    if (!answer.ok) setError(t(failed, { message: describeArchiveError(t, answer.error) }));
  };

  const column = <Row,>(header: string, cell: (row: Row) => RemovableRow): Column<Row> => ({
    key: 'actions',
    header,
    render: (row) => {
      const { key, question, remove, buttons } = cell(row);
      return asking === key ? (
        <InlineConfirm
          question={question}
          onConfirm={() => void confirm(remove)}
          onCancel={() => setAsking(null)}
        />
      ) : (
        buttons
      );
    },
  });

  return {
    ask: setAsking,
    column,
    problem: error ? <Banner tone="danger">{error}</Banner> : null,
  };
}
