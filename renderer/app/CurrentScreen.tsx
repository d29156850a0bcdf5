import { AlertsScreen } from '../features/alerts';
import { AuditScreen } from '../features/audit';
import { CasesScreen } from '../features/cases';
import { VerifyBundleScreen } from '../features/export';
import { LedgerScreen } from '../features/ledger';
import { MediaScreen } from '../features/media/MediaScreen';
import { PeopleScreen } from '../features/people';
import { WelcomeScreen } from '../features/onboarding/WelcomeScreen';
import { PullPanel } from '../features/pull/PullPanel';
import { ReadingScreen } from '../features/reading/ReadingScreen';
import { RulesScreen } from '../features/rules';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { useAppState } from '../state';
import { RiskBanner } from './RiskBanner';

/**
 * The screen for the current view; with nothing configured yet, the welcome screen (except in Settings).
 * The retention-risk banner stands above every screen (issue 14).
 */
export function CurrentScreen() {
  return (
    <>
      <RiskBanner />
      <ScreenForView />
    </>
  );
}

function ScreenForView() {
  const view = useAppState((state) => state.view);
  const firstRun = useAppState((state) => state.corpsLoaded && state.corps.length === 0);
  if (firstRun && view !== 'settings') return <WelcomeScreen />;
  switch (view) {
    case 'archive':
      return <ReadingScreen />;
    case 'people':
      return <PeopleScreen />;
    case 'media':
      return <MediaScreen />;
    case 'pull':
      return <PullPanel />;
    case 'ledger':
      return <LedgerScreen />;
    case 'cases':
      return <CasesScreen />;
    case 'rules':
      return <RulesScreen />;
    case 'alerts':
      return <AlertsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'verify':
      return <VerifyBundleScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}
