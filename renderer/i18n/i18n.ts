import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../state';
import { en } from './en';
import { zhCN } from './zh-CN';
import { searchEn } from './search.en';
import { searchZhCN } from './search.zh-CN';
import { mediaEn } from './media.en';
import { mediaZhCN } from './media.zh-CN';
import { readingEn } from './reading.en';
import { readingZhCN } from './reading.zh-CN';
import { ledgerEn } from './ledger.en';
import { ledgerZhCN } from './ledger.zh-CN';
import { timeZoneEn } from './timeZone.en';
import { timeZoneZhCN } from './timeZone.zh-CN';
import { auditEn } from './audit.en';
import { backupEn } from './backup.en';
import { backupZhCN } from './backup.zh-CN';
import { auditZhCN } from './audit.zh-CN';
import { evidenceEn } from './evidence.en';
import { evidenceZhCN } from './evidence.zh-CN';
import { reviewEn } from './review.en';
import { reviewZhCN } from './review.zh-CN';

export const LANGUAGE_STORAGE_KEY = 'wecom-archive.language';

/** The language the user chose last time on this machine, zh-CN otherwise (docs/product.md §6: zh-CN first). */
export function initialLanguage(storage: Pick<Storage, 'getItem'>): Language {
  return storage.getItem(LANGUAGE_STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

/** Resources are bundled (no backend, no network); init is synchronous. */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: {
      'zh-CN': {
        translation: {
          ...zhCN,
          ...ledgerZhCN,
          pullError: { ...zhCN.pullError, ...ledgerZhCN.pullError },
          reading: readingZhCN,
          media: mediaZhCN,
          nav: {
            ...zhCN.nav,
            media: mediaZhCN.panel.title,
            ledger: ledgerZhCN.navLabel,
            audit: auditZhCN.navLabel,
            verify: evidenceZhCN.verify.navLabel,
            cases: reviewZhCN.cases.navLabel,
          },
          reviewer: auditZhCN.reviewer,
          audit: auditZhCN.audit,
          ...reviewZhCN,
          search: searchZhCN,
          evidence: evidenceZhCN,
          backup: backupZhCN,
          timeZone: timeZoneZhCN,
        },
      },
      en: {
        translation: {
          ...en,
          ...ledgerEn,
          pullError: { ...en.pullError, ...ledgerEn.pullError },
          reading: readingEn,
          media: mediaEn,
          nav: {
            ...en.nav,
            media: mediaEn.panel.title,
            ledger: ledgerEn.navLabel,
            audit: auditEn.navLabel,
            verify: evidenceEn.verify.navLabel,
            cases: reviewEn.cases.navLabel,
          },
          reviewer: auditEn.reviewer,
          audit: auditEn.audit,
          ...reviewEn,
          search: searchEn,
          evidence: evidenceEn,
          backup: backupEn,
          timeZone: timeZoneEn,
        },
      },
    },
    lng: language,
    fallbackLng: 'zh-CN',
    initAsync: false,
    // React escapes text itself; nothing is ever rendered as HTML.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
