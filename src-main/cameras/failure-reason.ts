/** Why a source failed, in the operator's words, and whether waiting can fix it. */
export interface FailureReason {
  reason: string;
  /** Authentication, a missing path or an unsupported codec will not fix themselves. */
  permanent: boolean;
}

const RULES: Array<[RegExp, FailureReason]> = [
  [/401 Unauthorized|authorization failed|Unauthorized/i, { reason: 'authentication failed', permanent: true }],
  [/403 Forbidden/i, { reason: 'access forbidden', permanent: true }],
  [/404 Not Found|No such file or directory|Stream not found/i, { reason: 'not found', permanent: true }],
  [/codec not currently supported in container|Unsupported codec|unsupported video codec/i, { reason: 'unsupported codec', permanent: true }],
  [/Invalid data found when processing input|Not an FLV stream/i, { reason: 'invalid data from the source', permanent: true }],
  [/Connection refused/i, { reason: 'unreachable (connection refused)', permanent: false }],
  [/No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution|Could not resolve/i, { reason: 'unreachable', permanent: false }],
  [/timed out|Operation timed out|Connection timed out/i, { reason: 'timed out', permanent: false }],
  [/Connection reset|End of file|Broken pipe|Server returned 5\d\d/i, { reason: 'connection lost', permanent: false }],
];

/** Classifies FFmpeg's last stderr lines; unknown failures are treated as transient. */
export function classifyFailure(stderrTail: readonly string[]): FailureReason {
  for (let i = stderrTail.length - 1; i >= 0; i--) {
    for (const [pattern, result] of RULES) if (pattern.test(stderrTail[i]!)) return result;
  }
  const last = stderrTail.at(-1);
  return { reason: last ? `stopped: ${last.slice(0, 160)}` : 'stopped unexpectedly', permanent: false };
}
