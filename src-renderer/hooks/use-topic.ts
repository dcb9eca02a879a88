import { useEffect, useState } from 'react';
import type { TopicData, TopicName, TopicParams } from '../../src-main/api/contract';
import type { ApiClientError } from '../api/api-client-error';
import { useApiClient } from './api-context';

export interface TopicState<T extends TopicName> {
  /** The latest value; kept while the link is down, replaced by the snapshot after reconnect. */
  data: TopicData<T> | undefined;
  error: ApiClientError | undefined;
  /** How many messages arrived: lets the UI show that data is flowing. */
  updates: number;
}

/** Subscribes for as long as the component is mounted. */
export function useTopic<T extends TopicName>(topic: T, params: TopicParams<T>): TopicState<T> {
  const client = useApiClient();
  const [state, setState] = useState<TopicState<T>>({ data: undefined, error: undefined, updates: 0 });
  const paramsKey = JSON.stringify(params);

  useEffect(() => {
    const unsubscribe = client.subscribe(topic, JSON.parse(paramsKey) as TopicParams<T>, {
      onData: (data) => setState((s) => ({ data, error: undefined, updates: s.updates + 1 })),
      onError: (error) => setState((s) => ({ ...s, error })),
    });
    return unsubscribe;
  }, [client, topic, paramsKey]);

  return state;
}
