import { describe, expect, it } from 'vitest';
import { classifyObsFailure, connectTimeout, websocketUrl } from '../../../src-main/obs/obs-failure';

describe('classifyObsFailure', () => {
  it('tells a wrong password from a missing one (close code 4009)', () => {
    expect(classifyObsFailure({ code: 4009, message: 'Authentication failed.', hadPassword: true }).kind).toBe('wrong_password');
    expect(classifyObsFailure({ code: 4009, message: 'Authentication failed.', hadPassword: false }).kind).toBe('password_required');
  });

  it('names socket errors', () => {
    expect(classifyObsFailure({ code: -1, message: 'connect ECONNREFUSED 127.0.0.1:4455' })).toMatchObject({ kind: 'refused', message: expect.stringContaining('refused') });
    expect(classifyObsFailure({ code: -1, message: 'getaddrinfo ENOTFOUND obs.local' }).kind).toBe('host_not_found');
    expect(classifyObsFailure({ code: -1, message: 'connect EHOSTUNREACH 10.0.0.9:4455' }).kind).toBe('unreachable');
    expect(classifyObsFailure({ code: -1, message: 'connect ETIMEDOUT 10.0.0.9:4455' }).kind).toBe('timeout');
    expect(classifyObsFailure({ code: -1, message: 'Server sent no subprotocol' }).kind).toBe('not_obs');
    expect(classifyObsFailure({ code: 4010 }).kind).toBe('incompatible');
    expect(classifyObsFailure({ code: 4011 }).kind).toBe('kicked');
  });

  it('calls a close after a working link a lost connection, and OBS going away its exit', () => {
    expect(classifyObsFailure({ code: 1006, message: '', wasConnected: true }).kind).toBe('connection_lost');
    expect(classifyObsFailure({ code: 1001, message: '', wasConnected: true }).kind).toBe('obs_exited');
    expect(classifyObsFailure({ code: 1006, message: '' })).toEqual({ kind: 'error', message: 'closed (code 1006)' });
  });

  it('words a connect timeout in seconds', () => {
    expect(connectTimeout(5_000)).toEqual({ kind: 'timeout', message: 'timed out: no answer from OBS within 5 s' });
  });
});

describe('websocketUrl', () => {
  it('brackets IPv6 literals', () => {
    expect(websocketUrl('192.168.1.20', 4455)).toBe('ws://192.168.1.20:4455');
    expect(websocketUrl('::1', 4455)).toBe('ws://[::1]:4455');
    expect(websocketUrl('[fe80::1]', 4455)).toBe('ws://[fe80::1]:4455');
    expect(websocketUrl('obs.local', 4456)).toBe('ws://obs.local:4456');
  });
});
