import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/errors';
import { forgetSecret, redactText, registerSecret } from '../../../src-main/logging/redact';
import { classifyRestreamFailure } from '../../../src-main/restream/restream-destination';
import { destinationArgs } from '../../../src-main/restream/restream-args';
import { parseDestination, publishUrl, redactedUrl, validateKey } from '../../../src-main/restream/restream-url';

function rejection(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('parseDestination', () => {
  it('splits the key off the last path segment', () => {
    const parsed = parseDestination('rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop');
    expect(parsed).toEqual({ baseUrl: 'rtmp://a.rtmp.youtube.com/live2', secret: { key: 'abcd-efgh-ijkl-mnop', userinfo: '' } });
    expect(redactedUrl(parsed.baseUrl, parsed.secret)).toBe('rtmp://a.rtmp.youtube.com/live2/••••');
    expect(publishUrl(parsed.baseUrl, parsed.secret)).toBe('rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop');
  });

  it('takes a key given apart and keeps the whole path as the application', () => {
    const parsed = parseDestination('rtmps://live-api-s.facebook.com:443/rtmp', 'FB-123?s_bl=1&a=b');
    expect(parsed.baseUrl).toBe('rtmps://live-api-s.facebook.com:443/rtmp');
    expect(parsed.secret.key).toBe('FB-123?s_bl=1&a=b');
    expect(publishUrl(parsed.baseUrl, parsed.secret)).toBe('rtmps://live-api-s.facebook.com:443/rtmp/FB-123?s_bl=1&a=b');
  });

  it('keeps URL credentials as a secret', () => {
    const parsed = parseDestination('rtmp://user:pw@host.example/app/key1');
    expect(parsed.baseUrl).toBe('rtmp://host.example/app');
    expect(parsed.secret).toEqual({ key: 'key1', userinfo: 'user:pw' });
    expect(redactedUrl(parsed.baseUrl, parsed.secret)).toBe('rtmp://••••@host.example/app/••••');
    expect(publishUrl(parsed.baseUrl, parsed.secret)).toBe('rtmp://user:pw@host.example/app/key1');
  });

  it('accepts an application without a key', () => {
    expect(parseDestination('rtmp://127.0.0.1:1935/live')).toEqual({ baseUrl: 'rtmp://127.0.0.1:1935/live', secret: { key: '', userinfo: '' } });
  });

  it.each([
    ['ftp://host/app/key', /^url: scheme ftp is not supported/],
    ['http://host/app/key', /^url: scheme http/],
    ['not a url', /^url: must not contain spaces/],
    ['rtmp://host/app/key;rm -rf', /^url: /],
    ['rtmp://host/app/$(id)', /^url: /],
    ['rtmp://host/app/`id`', /^url: /],
    ['rtmp://host/app/a|b', /^url: /],
    ['rtmp://host', /^url: must name an application/],
    ['rtmp:///app/key', /^url: /],
    ['rtmp://host/../etc/key', /^url: /],
    [`rtmp://host/app/${'k'.repeat(2000)}`, /^url: must be at most/],
  ])('rejects %s naming the field', (url, message) => {
    const err = rejection(() => parseDestination(url));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(message);
  });

  it.each(['key with space', 'key;rm', '$(id)', 'a/b', '../x', '.hidden', 'k'.repeat(300), "it's"])('rejects the key %j', (key) => {
    const err = rejection(() => parseDestination('rtmp://host/app', key));
    expect(err.message).toMatch(/^key: /);
  });

  it('validates keys', () => {
    expect(validateKey('live_123-abc.DEF~=+')).toBe('live_123-abc.DEF~=+');
    expect(() => validateKey('')).toThrow(/key: must not be empty/);
  });
});

describe('redaction of destination secrets', () => {
  it('redacts a registered key wherever it appears, including as a path segment', () => {
    registerSecret('sk-secret-key-42');
    try {
      const line = `[rtmp @ 0x1] Cannot open connection rtmp://127.0.0.1:1/live/sk-secret-key-42`;
      expect(redactText(line)).toBe('[rtmp @ 0x1] Cannot open connection rtmp://127.0.0.1:1/live/***');
      expect(destinationArgs('rtmp://h/live/sk-secret-key-42').map(redactText).join(' ')).not.toContain('sk-secret-key-42');
    } finally {
      forgetSecret('sk-secret-key-42');
    }
    expect(redactText('rtmp://h/live/sk-secret-key-42')).toContain('sk-secret-key-42');
  });

  it('does not register very short strings', () => {
    registerSecret('ab');
    expect(redactText('about abc')).toBe('about abc');
    forgetSecret('ab');
  });
});

describe('classifyRestreamFailure', () => {
  it('names common RTMP failures', () => {
    expect(classifyRestreamFailure(['Connection to tcp://127.0.0.1:1 failed: Connection refused']).reason).toBe('connection refused');
    expect(classifyRestreamFailure(['Server error: NetConnection.Connect.Rejected']).permanent).toBe(true);
    expect(classifyRestreamFailure(['Connection timed out']).reason).toBe('timed out');
  });
});
