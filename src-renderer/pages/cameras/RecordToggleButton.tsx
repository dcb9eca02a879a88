interface RecordToggleButtonProps {
  /** Recording is on for this source. */
  on: boolean;
  disabled: boolean;
  onToggle(): void;
  /** Tooltips: what Stop does, and what Record does, for this kind of source. */
  stopTitle: string;
  recordTitle: string;
  testId: string;
}

/** Record / Stop recording for a source whose recording policy is a single switch (outputs, published streams). */
export function RecordToggleButton({ on, disabled, onToggle, stopTitle, recordTitle, testId }: RecordToggleButtonProps) {
  return (
    <button
      type="button"
      className={on ? 'button small danger-outline' : 'button small'}
      disabled={disabled}
      onClick={onToggle}
      aria-pressed={on}
      title={on ? stopTitle : recordTitle}
      data-testid={testId}
    >
      {on ? 'Stop recording' : 'Record'}
    </button>
  );
}
