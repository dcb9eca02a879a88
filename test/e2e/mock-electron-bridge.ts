import type { Page } from 'playwright-core';
import type { BridgeCallResult, BridgeTopicMessage, ControlRoomBridge } from '../../src-preload/bridge-types';

/**
 * MOCK of the Electron preload's `window.controlRoom` (the desktop shell cannot run on our
 * machines). It implements ControlRoomBridge on top of the real engine: calls go to
 * `POST /api/<procedure>`, each subscription opens its own WebSocket. It lets a browser test
 * check that the renderer picks the IPC client when a bridge exists, and how it maps results.
 */
export async function installMockElectronBridge(page: Page, token: string): Promise<void> {
  await page.addInitScript(mockBridgeScript, token);
}

/** Runs in the page before any of its scripts: must be self-contained. */
function mockBridgeScript(token: string): void {
  const bridge: ControlRoomBridge & { mock: true } = {
    shell: 'desktop',
    mock: true,
    async call(method, input): Promise<BridgeCallResult> {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      const body = (await response.json()) as unknown;
      if (response.ok) return { ok: true, result: body };
      return { ok: false, error: (body as { error: { code: string; message: string } }).error };
    },
    subscribe(topic, params, listener: (message: BridgeTopicMessage) => void) {
      const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`);
      socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token }));
      socket.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as {
          type: string;
          kind?: 'snapshot' | 'change';
          data?: unknown;
          error?: { code: string; message: string };
        };
        if (message.type === 'ready') socket.send(JSON.stringify({ type: 'subscribe', id: 1, topic, params }));
        else if (message.type === 'event' && message.kind) listener({ kind: message.kind, data: message.data });
        else if (message.type === 'error' && message.error) listener({ kind: 'error', error: message.error });
      };
      return () => socket.close();
    },
  };
  Object.defineProperty(window, 'controlRoom', { value: bridge });
}
