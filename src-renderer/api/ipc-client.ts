import type {
  ProcedureInput,
  ProcedureName,
  ProcedureOutput,
  TopicName,
  TopicParams,
} from '../../src-main/api/contract';
import type { ControlRoomBridge } from '../../src-preload/bridge-types';
import { CALL_TIMEOUT_MS, type ApiClient, type ConnectionState, type TopicHandlers, type Unsubscribe } from './api-client';
import { ApiClientError, type ApiClientErrorCode } from './api-client-error';
import { ObservableValue } from './observable';

/**
 * The API over Electron IPC, through the object the preload exposes as `window.controlRoom`.
 * The engine lives in the same app, so the link is always up and needs no token.
 */
export class IpcApiClient implements ApiClient {
  readonly transport = 'ipc';
  readonly connection = new ObservableValue<ConnectionState>('connected');

  constructor(
    private readonly bridge: ControlRoomBridge,
    private readonly callTimeoutMs = CALL_TIMEOUT_MS,
  ) {}

  call<P extends ProcedureName>(name: P, input: ProcedureInput<P>): Promise<ProcedureOutput<P>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const seconds = Math.round(this.callTimeoutMs / 1000);
        reject(new ApiClientError('timeout', `The engine did not answer "${name}" within ${seconds} s`, name));
      }, this.callTimeoutMs);
      this.bridge.call(name, input).then(
        (outcome) => {
          clearTimeout(timer);
          if (outcome.ok) resolve(outcome.result as ProcedureOutput<P>);
          else reject(new ApiClientError(outcome.error.code as ApiClientErrorCode, outcome.error.message, name));
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(new ApiClientError('internal', `IPC call "${name}" failed: ${String(error)}`, name));
        },
      );
    });
  }

  subscribe<T extends TopicName>(topic: T, params: TopicParams<T>, handlers: TopicHandlers<T>): Unsubscribe {
    return this.bridge.subscribe(topic, params, (message) => {
      if (message.kind === 'error') {
        handlers.onError?.(new ApiClientError(message.error.code as ApiClientErrorCode, message.error.message, topic));
      } else {
        handlers.onData(message.data as never, message.kind);
      }
    });
  }

  signIn(): void {
    // IPC needs no token.
  }

  close(): void {
    // The bridge lives as long as the window.
  }
}
