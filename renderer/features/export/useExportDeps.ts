import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { selectTimeZone, useAppState } from '../../state';
import { useAppServices } from '../appServices';
import { conversationTitle, type ConversationRow } from '../reading';
import { useReviewer } from '../reviewer';
import { evidenceLabels } from './evidenceLabels';
import type { ExportDeps } from './exportRunner';
import { marksReader } from './marksReader';

/** What an export needs from the running app: services, the reviewer, language, zone, corp ids. */
export function useExportDeps(): () => ExportDeps {
  const services = useAppServices();
  const { t, i18n } = useTranslation();
  const reviewer = useReviewer();
  const language = useAppState((state) => state.language);
  const timeZone = useAppState(selectTimeZone);
  const corps = useAppState((state) => state.corps);
  return useMemo(
    () => () => {
      const { db, archive, auditTrail, marks, cases } = services;
      const raw = (key: string) => {
        const value: unknown = i18n.getResource(language, 'translation', key);
        return typeof value === 'string' ? value : key;
      };
      return {
        db,
        archive,
        auditTrail,
        reviewer,
        labels: evidenceLabels(raw),
        locale: language,
        timeZone,
        corpidOf: (corpId) => corps.find((corp) => corp.id === corpId)?.corpid ?? '',
        conversationLabel: async (corpId, convId, directory) => {
          const row = await db
            .table<ConversationRow, [string, string]>('conversations')
            .get([corpId, convId]);
          return row ? conversationTitle(row, directory) : convId;
        },
        // A fresh reader per export: the cases' items are read once for it.
        marks: marksReader({
          db,
          marks,
          cases,
          caseItems: async () =>
            (await Promise.all((await cases.list()).map((row) => cases.items(row.id)))).flat(),
          severityLabel: (severity) => t(`review.severity.${severity}`),
        }),
      };
    },
    [services, t, i18n, reviewer, language, timeZone, corps],
  );
}
