import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { LoginResult, Me } from '../../contracts/auth';
import type { Permission, Role } from '../../domain/roles';
import { ApiError, api, onAuthProblem } from './api';

export type { Me };

type AuthState = {
  /** undefined while the first /api/auth/me is in flight, null when nobody is logged in */
  me: Me | null | undefined;
  /** the user, or which second step the password opened (`secondFactor`: totp | enrol) */
  login: (username: string, password: string) => Promise<LoginResult>;
  /** the second step: a code from the authenticator app or a recovery code */
  verifySecondFactor: (code: string) => Promise<Me>;
  /** takes a user the server already logged in (after a forced enrolment, once the recovery codes were seen) */
  adopt: (me: Me) => void;
  logout: () => Promise<void>;
  refresh: () => Promise<Me | null>;
  /** set after the server said the initial password must be changed */
  mustChangePassword: boolean;
  /** the user logged out here (as opposed to a session that expired): the next login starts afresh */
  loggedOut: boolean;
  /** why the session ended under the user's hands (登录已超时…), shown on the login page */
  sessionNotice: string | null;
};

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [forcedChange, setForcedChange] = useState(false);
  const [loggedOut, setLoggedOut] = useState(false);
  const [sessionNotice, setSessionNotice] = useState<string | null>(null);
  const meRef = useRef(me);
  meRef.current = me;

  const refresh = useCallback(async () => {
    try {
      const m = await api.get<Me>('/api/auth/me');
      setMe(m);
      setForcedChange(m.mustChangePassword);
      return m;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        setMe(null);
        return null;
      }
      throw e;
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setMe(null));
    return onAuthProblem((reason, message) => {
      if (reason === 'unauthenticated') {
        // only a session that was alive a moment ago "expired"; the first probe of a visitor did not
        if (meRef.current) setSessionNotice(message);
        setMe(null);
      } else setForcedChange(true);
    });
  }, [refresh]);

  const adopt = useCallback((m: Me) => {
    setLoggedOut(false);
    setSessionNotice(null);
    setMe(m);
    setForcedChange(m.mustChangePassword);
  }, []);

  const login = useCallback(
    async (username: string, password: string) => {
      const r = await api.post<LoginResult>('/api/auth/login', { username, password });
      if (!('secondFactor' in r)) adopt(r);
      return r;
    },
    [adopt],
  );

  const verifySecondFactor = useCallback(
    async (code: string) => {
      const m = await api.post<Me>('/api/auth/totp', { code });
      adopt(m);
      return m;
    },
    [adopt],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      setLoggedOut(true);
      setMe(null);
      setForcedChange(false);
    }
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      me,
      login,
      verifySecondFactor,
      adopt,
      logout,
      refresh,
      mustChangePassword: forcedChange || !!me?.mustChangePassword,
      loggedOut,
      sessionNotice,
    }),
    [me, login, verifySecondFactor, adopt, logout, refresh, forcedChange, loggedOut, sessionNotice],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The logged-in user; only for pages rendered inside the console guard. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}

export function hasPermission(me: Me | null | undefined, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

export function hasRole(me: Me | null | undefined, ...roles: Role[]): boolean {
  return !!me && me.roles.some((r) => (roles as string[]).includes(r));
}

/** Names of the user's areas as the header shows them: 新兴镇, or 全部区域 for administrators. */
export function scopeNames(me: Me): string {
  return me.scopes.map((s) => s.name).join('、') || '未分配区域';
}
