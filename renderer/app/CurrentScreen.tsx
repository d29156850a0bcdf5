import { MediaScreen } from '../features/media/MediaScreen';
import { WelcomeScreen } from '../features/onboarding/WelcomeScreen';
import { PullPanel } from '../features/pull/PullPanel';
import { ReadingScreen } from '../features/reading/ReadingScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { useAppState } from '../state';

/** The screen for the current view; with nothing configured yet, the welcome screen (except in Settings). */
export function CurrentScreen() {
  const view = useAppState((state) => state.view);
  const firstRun = useAppState((state) => state.corpsLoaded && state.corps.length === 0);
  if (firstRun && view !== 'settings') return <WelcomeScreen />;
  switch (view) {
    case 'archive':
      return <ReadingScreen />;
    case 'media':
      return <MediaScreen />;
    case 'pull':
      return <PullPanel />;
    case 'settings':
      return <SettingsScreen />;
  }
}
