import type { ControlRoomBridge } from '../../src-preload/bridge-types';
import type { ApiClient } from './api-client';
import { takeTokenFromUrl, tokenStorage } from './access-token';
import { IpcApiClient } from './ipc-client';
import { WsApiClient } from './ws-client';

/** Electron's preload exposes the bridge; in a browser there is none and the WebSocket is used. */
export function createApiClient(): ApiClient {
  const bridge = (window as Window & { controlRoom?: ControlRoomBridge }).controlRoom;
  if (bridge) return new IpcApiClient(bridge);

  const fromUrl = takeTokenFromUrl(window.location, window.history);
  if (fromUrl) tokenStorage.save(fromUrl);
  return new WsApiClient({
    url: engineWebSocketUrl(window.location),
    token: fromUrl ?? tokenStorage.load(),
    onTokenAccepted: (token) => tokenStorage.save(token),
    onTokenRejected: () => tokenStorage.clear(),
  });
}

/** The engine serves the UI and the WebSocket on the same origin. */
export function engineWebSocketUrl(location: Location): string {
  return `${location.origin.replace(/^http/, 'ws')}/ws`;
}
