import { describe, expect, it } from 'vitest';
import { redactText, redactValue } from '../../../src-main/logging/redact';

describe('redaction', () => {
  it('removes credentials from URLs, bearer tokens and secret query parameters', () => {
    expect(redactText('rtsp://admin:hunter2@10.0.0.5/stream1')).toBe('rtsp://***@10.0.0.5/stream1');
    expect(redactText('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer ***');
    expect(redactText('rtmp://x/live?key=SECRET&other=1')).toBe('rtmp://x/live?key=***&other=1');
    expect(redactText('nothing secret here')).toBe('nothing secret here');
  });

  it('masks secret-looking keys at any depth', () => {
    expect(redactValue({ password: 'p', nested: { apiToken: 't', name: 'cam' }, list: ['rtsp://u:p@h/'] })).toEqual({
      password: '***',
      nested: { apiToken: '***', name: 'cam' },
      list: ['rtsp://***@h/'],
    });
  });
});
