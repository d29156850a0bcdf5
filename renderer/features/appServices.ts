import { createContext, useContext } from 'react';
import type { ArchiveApi } from '../../main/contract';
import type { ArchiveDataKey, ArchiveDb } from '../db';
import type { AlertTriage } from './alerts/alertTriage';
import type { AuditTrail } from './audit/auditTrail';
import type { Cases } from './cases/cases';
import type { Marks } from './review/marks';
import type { ReviewerIdentity } from './reviewer/reviewerIdentity';
import type { RulesController } from './rules/rulesController';
import type { SearchClient } from '../search/searchClient';
import type { MediaController } from './media/mediaController';
import type { PullController } from './pull/pullController';
import type { RedecryptRunner } from './pull/redecryptRunner';

/**
 * What screens act through. Built once by the composition root (app/compose.ts) and provided at
 * the root: the only way a component reaches a service (no module singletons, no global setters).
 */
export interface AppServices {
  archive: ArchiveApi;
  /** Built with every derived index (conversations, media, search) it keeps in step. */
  db: ArchiveDb;
  /** The data key the archive is sealed under; `forgetDataKey()` for the app lock, `load()` after unlock. */
  dataKey: ArchiveDataKey;
  pulls: PullController;
  redecrypts: RedecryptRunner;
  media: MediaController;
  /** The search worker's client. */
  search: SearchClient;
  /** Who is reviewing (issue 11), and the append-only audit trail every reviewer action goes through. */
  reviewer: ReviewerIdentity;
  auditTrail: AuditTrail;
  /** The reviewer's flags, tags, notes and review states, and cases (issue 11); each change goes to the trail. */
  marks: Marks;
  cases: Cases;
  /** Lexicon rules (issue 12): saving and running them in the rules worker, and alert triage (audited). */
  rules: RulesController;
  alerts: AlertTriage;
}

export const AppServicesContext = createContext<AppServices | null>(null);

export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useAppServices outside <AppServicesContext.Provider>');
  return services;
}
