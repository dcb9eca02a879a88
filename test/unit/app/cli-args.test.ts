import { describe, expect, it } from 'vitest';
import { parseShellArgs, UsageError } from '../../../src-main/app/cli-args';

describe('parseShellArgs', () => {
  it('defaults to loopback on 7800', () => {
    const args = parseShellArgs(['--data-dir', '/tmp/x']);
    expect(args).toMatchObject({ host: '127.0.0.1', port: 7800, dataDir: '/tmp/x', help: false });
    expect(args.token).toBeUndefined();
  });

  it('refuses a non-loopback bind without a token', () => {
    expect(() => parseShellArgs(['--host', '0.0.0.0'])).toThrow(/Refusing to listen on 0\.0\.0\.0 without --token/);
    expect(parseShellArgs(['--host', '0.0.0.0', '--token', 'abcdefghijklmnopqrstuvwx']).host).toBe('0.0.0.0');
    expect(parseShellArgs(['--host', '::1']).host).toBe('::1');
  });

  it('rejects bad ports, log levels and unknown options', () => {
    expect(() => parseShellArgs(['--port', '70000'])).toThrow(UsageError);
    expect(() => parseShellArgs(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseShellArgs(['--log-level', 'loud'])).toThrow(/--log-level/);
    expect(() => parseShellArgs(['--bogus'])).toThrow(UsageError);
  });
});
