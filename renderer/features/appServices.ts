import { createContext, useContext } from 'react';
import type { ArchiveApi } from '../../main/contract';
import type { ArchiveDb } from '../db';
import type { PullController } from './pull/pullController';
import type { RedecryptRunner } from './pull/redecryptRunner';

/** What screens act through. Built once at start-up (app/startApp.ts) and provided at the root. */
export interface AppServices {
  archive: ArchiveApi;
  db: ArchiveDb;
  pulls: PullController;
  redecrypts: RedecryptRunner;
}

export const AppServicesContext = createContext<AppServices | null>(null);

export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useAppServices outside <AppServicesContext.Provider>');
  return services;
}
