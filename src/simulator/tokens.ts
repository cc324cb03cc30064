import { randomBytes, randomUUID } from 'node:crypto';
import { API_AUDIENCE } from './credentials';
import type { SeedUser } from './model';

const ISSUER = 'https://netapp-cloud-account.auth0.com/';

/** One issued access token; the simulator trusts nothing but this record. */
export interface Session {
  token: string;
  user: SeedUser;
  expiresAt: number;
  expired: boolean;
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Shaped like an RS256 JWT; the signature is random bytes, which is why tokens are only looked up. */
export function mintJwt(claims: Record<string, unknown>): string {
  const header = encodeSegment({ alg: 'RS256', typ: 'JWT' });
  return `${header}.${encodeSegment(claims)}.${randomBytes(256).toString('base64url')}`;
}

export function mintIdToken(user: SeedUser, clientId: string, ttlSeconds: number): string {
  const iat = Math.floor(Date.now() / 1000);
  return mintJwt({
    iss: ISSUER,
    sub: user.sub,
    aud: clientId,
    email: user.username,
    name: user.name,
    iat,
    exp: iat + ttlSeconds,
  });
}

export class TokenRegistry {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly onIssue: (session: Session) => void) {}

  issue(user: SeedUser, ttlSeconds: number): Session {
    const iat = Math.floor(Date.now() / 1000);
    const token = mintJwt({
      iss: ISSUER,
      sub: user.sub,
      aud: API_AUDIENCE,
      iat,
      exp: iat + ttlSeconds,
      jti: randomUUID(),
    });
    const session: Session = {
      token,
      user,
      expiresAt: Date.now() + ttlSeconds * 1000,
      expired: false,
    };
    this.sessions.set(token, session);
    this.onIssue(session);
    return session;
  }

  find(token: string): Session | undefined {
    return this.sessions.get(token);
  }

  isExpired(session: Session): boolean {
    return session.expired || Date.now() >= session.expiresAt;
  }

  /** False when the token was never issued. */
  expire(token: string): boolean {
    const session = this.sessions.get(token);
    if (!session) return false;
    session.expired = true;
    return true;
  }

  clear(): void {
    this.sessions.clear();
  }
}
