import { useState } from 'react';

interface CopyButtonProps {
  text: string;
  /** What is copied, for the button's accessible name ("Copy server URL"). */
  what: string;
  testId: string;
  /** The field to select when the clipboard cannot be used (an http:// page on another host). */
  fallbackInputId?: string;
}

/** Copies a value to the clipboard; says "Copied", or selects the field for Ctrl+C when it cannot. */
export function CopyButton({ text, what, testId, fallbackInputId }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const input = fallbackInputId ? document.getElementById(fallbackInputId) : null;
      if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) {
        input.focus();
        input.select();
      }
      setState('select');
    }
  }

  return (
    <button
      type="button"
      className="button small copy-button"
      onClick={() => void copy()}
      aria-label={`Copy ${what}`}
      title={state === 'select' ? 'Press Ctrl+C to copy the selected text' : `Copy ${what}`}
      data-testid={testId}
      data-copied={state}
    >
      {state === 'copied' ? 'Copied' : state === 'select' ? 'Ctrl+C' : 'Copy'}
    </button>
  );
}
