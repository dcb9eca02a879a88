import { useEffect, useState, type ReactNode } from 'react';
import { SignInScreen } from '../components/SignInScreen';
import { useApiClient } from '../hooks/api-context';
import { useConnectionState } from '../hooks/use-connection-state';

/** Shows the sign-in screen instead of the app while the engine has no (valid) token. */
export function AuthGate({ children }: { children: ReactNode }) {
  const client = useApiClient();
  const state = useConnectionState();
  // A token was tried if the client ever left `unauthorized` (it starts there only without one).
  const [tokenTried, setTokenTried] = useState(state !== 'unauthorized');
  const [signingIn, setSigningIn] = useState(false);

  useEffect(() => {
    if (state !== 'unauthorized') setTokenTried(true);
    if (state === 'connected' || state === 'unauthorized') setSigningIn(false);
  }, [state]);

  if (state === 'unauthorized' || signingIn) {
    return (
      <SignInScreen
        reason={tokenTried ? 'rejected' : 'missing'}
        busy={signingIn && state !== 'unauthorized'}
        onSubmit={(token) => {
          setSigningIn(true);
          client.signIn(token);
        }}
      />
    );
  }
  return children;
}
