import { createContext, useContext, type ReactNode } from 'react';
import { useTopic, type TopicState } from './use-topic';

const SettingsContext = createContext<TopicState<'settings'> | null>(null);

/** One live `settings` subscription shared by the whole UI (theme, status bar, settings page). */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const settings = useTopic('settings', {});
  return <SettingsContext.Provider value={settings}>{children}</SettingsContext.Provider>;
}

export function useSettings(): TopicState<'settings'> {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useSettings needs a <SettingsProvider> above it');
  return settings;
}
