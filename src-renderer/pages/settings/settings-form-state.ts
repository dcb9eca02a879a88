import type { Settings } from '../../../src-main/api/contract';
import { draftFrom, rebaseDraft, type FieldErrors, type SettingsDraft } from './settings-draft';
import type { SettingKey } from './settings-fields';

export interface SettingsFormState {
  /** The settings as the engine last reported them. */
  saved: Settings | null;
  draft: SettingsDraft | null;
  status: 'idle' | 'saving' | 'saved' | 'failed';
  fieldErrors: FieldErrors;
  /** Why the last save failed, as the engine said it (names the fields). */
  problem: string | null;
  /** The settings were changed by someone else while this form was open. */
  changedElsewhere: boolean;
}

export type SettingsFormAction =
  | { type: 'live'; settings: Settings }
  | { type: 'edit'; key: SettingKey; value: string }
  | { type: 'reset' }
  | { type: 'saveStarted' }
  | { type: 'saveSucceeded'; settings: Settings }
  | { type: 'saveFailed'; problem: string; fieldErrors: FieldErrors }
  | { type: 'clearNotices' };

export const initialSettingsFormState: SettingsFormState = {
  saved: null,
  draft: null,
  status: 'idle',
  fieldErrors: {},
  problem: null,
  changedElsewhere: false,
};

export function settingsFormReducer(state: SettingsFormState, action: SettingsFormAction): SettingsFormState {
  switch (action.type) {
    case 'live': {
      if (!state.saved || !state.draft) {
        return { ...state, saved: action.settings, draft: draftFrom(action.settings) };
      }
      if (sameSettings(state.saved, action.settings)) return state;
      return {
        ...state,
        saved: action.settings,
        draft: rebaseDraft(state.draft, state.saved, action.settings),
        changedElsewhere: state.status !== 'saving',
      };
    }
    case 'edit': {
      if (!state.draft) return state;
      const { [action.key]: _cleared, ...fieldErrors } = state.fieldErrors;
      return {
        ...state,
        draft: { ...state.draft, [action.key]: action.value },
        fieldErrors,
        status: state.status === 'saving' ? 'saving' : 'idle',
      };
    }
    case 'reset':
      return state.saved
        ? { ...state, draft: draftFrom(state.saved), fieldErrors: {}, problem: null, status: 'idle', changedElsewhere: false }
        : state;
    case 'saveStarted':
      return { ...state, status: 'saving', problem: null, fieldErrors: {}, changedElsewhere: false };
    case 'saveSucceeded':
      return { ...state, status: 'saved', saved: action.settings, draft: draftFrom(action.settings) };
    case 'saveFailed':
      return { ...state, status: 'failed', problem: action.problem, fieldErrors: action.fieldErrors };
    case 'clearNotices':
      return { ...state, status: state.status === 'saved' ? 'idle' : state.status, changedElsewhere: false };
  }
}

function sameSettings(a: Settings, b: Settings): boolean {
  return JSON.stringify(draftFrom(a)) === JSON.stringify(draftFrom(b));
}
