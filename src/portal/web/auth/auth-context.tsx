import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, refreshSession, session } from '../api/client';
import { auth } from '../api/endpoints';
import type { MeDto } from '../api/schema';

export type OrgKind = MeDto['organization']['kind'];

interface AuthState {
  /** undefined while the stored session is being restored. */
  me: MeDto | null | undefined;
  login: (email: string, password: string, otp?: string) => Promise<void>;
  logout: () => Promise<void>;
  reloadMe: () => Promise<void>;
  /** Set when the session ended by itself (expired or revoked), to explain the login screen. */
  expired: boolean;
  /** The user logged out themselves: the next login starts from the home screen, not where they were. */
  loggedOut: boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<MeDto | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const [loggedOut, setLoggedOut] = useState(false);

  const meRef = useRef(me);
  useEffect(() => {
    meRef.current = me;
  }, [me]);

  const reloadMe = useCallback(async () => {
    setMe(await auth.me());
  }, []);

  useEffect(() => {
    let live = true;
    // A reload resumes the session from the refresh cookie (HttpOnly: the page never sees it); the access token was in memory.
    (async () => {
      if (!session.mayResume() || !(await refreshSession())) return null;
      return auth.me();
    })().then(
      (value) => live && setMe(value),
      () => live && setMe(null),
    );
    const stopExpired = session.onExpired(() => {
      session.clear();
      setExpired(true);
      setMe(null);
    });
    // The API refused an action until a new password is set or 2FA enrolled again (an admin reset
    // them): learn it from /me, and the login gate sends the user to the account screen.
    const stopCredentials = session.onCredentialsRequired((code) => {
      const current = meRef.current;
      const known = code === 'password_change_required' ? current?.passwordChangeRequired : current?.twoFactorEnrolmentRequired;
      if (current && !known) void auth.me().then((value) => live && setMe(value), () => undefined);
    });
    return () => {
      live = false;
      stopExpired();
      stopCredentials();
    };
  }, []);

  const login = useCallback(async (email: string, password: string, otp?: string) => {
    const tokens = await auth.login({ email, password, otp: otp || undefined, tokenDelivery: 'cookie' });
    session.store(tokens);
    setExpired(false);
    setLoggedOut(false);
    setMe(await auth.me());
  }, []);

  const logout = useCallback(async () => {
    try {
      await auth.logout();
    } catch (error) {
      // The session may already be gone; logging out locally is what matters.
      if (!(error instanceof ApiError)) throw error;
    } finally {
      session.clear();
      setLoggedOut(true);
      setMe(null);
    }
  }, []);

  const value = useMemo(() => ({ me, login, logout, reloadMe, expired, loggedOut }), [me, login, logout, reloadMe, expired, loggedOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for pages behind the login gate. */
export function useMe(): MeDto {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}
