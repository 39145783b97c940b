import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { clientWithKey, session, unwrap, whenUnauthenticated } from './api.ts';
import type { Me } from './types.ts';

interface AuthState {
  /** The signed-in key's identity; null when signed out. */
  me: Me | null;
  /** True while a stored key is being checked at page load. */
  checking: boolean;
  /** Why the last session ended (shown on the sign-in page). */
  notice: string | null;
  signIn(key: string): Promise<void>;
  signOut(notice?: string): void;
  can(scope: string): boolean;
}

const Ctx = createContext<AuthState | null>(null);

/** Holds who is signed in. The key itself lives in sessionStorage only (see api.ts). */
export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => session.get() !== null);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback(
    (why?: string) => {
      session.clear();
      setMe(null);
      setNotice(why ?? null);
      qc.clear();
    },
    [qc],
  );

  useEffect(() => {
    const key = session.get();
    if (!key) return;
    unwrap(clientWithKey(key).GET('/v1/me'))
      .then((m) => setMe(m))
      .catch(() => signOut('Your session ended. Please sign in again.'))
      .finally(() => setChecking(false));
  }, [signOut]);

  useEffect(
    () =>
      whenUnauthenticated(() =>
        signOut('This API key is no longer accepted (revoked or removed). Please sign in with another key.'),
      ),
    [signOut],
  );

  const signIn = useCallback(async (key: string) => {
    const m = await unwrap(clientWithKey(key.trim()).GET('/v1/me'));
    session.set(key.trim());
    setNotice(null);
    setMe(m);
  }, []);

  const value = useMemo<AuthState>(
    () => ({ me, checking, notice, signIn, signOut, can: (s) => !!me?.scopes.includes(s) }),
    [me, checking, notice, signIn, signOut],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
