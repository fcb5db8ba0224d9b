import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Principal } from '../access/principal';
import { originOf } from './authenticated.decorator';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, JwtKeyring } from './jwt-keys';
import { AccessClaims, invalidToken, PrincipalLoader } from './principal-loader.service';

/** Verifies access tokens: one pinned algorithm, issuer, audience and expiry, key chosen by `kid`. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(JwtKeyring) keyring: JwtKeyring,
    private readonly principals: PrincipalLoader,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
      passReqToCallback: true,
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: (err: Error | null, key?: string | Buffer) => void) => {
        const key = keyring.verificationKeyFor(headerOf(rawToken)?.kid);
        // jsonwebtoken takes a KeyObject as well; passport-jwt's typing names only string and Buffer.
        if (key) done(null, key as unknown as Buffer);
        else done(new Error('unknown key id'));
      },
    });
  }

  async validate(request: FastifyRequest, claims: AccessClaims & { exp?: unknown }): Promise<Principal> {
    // jsonwebtoken checks `exp` only when present: a token without one would never expire.
    if (typeof claims.exp !== 'number') throw invalidToken();
    return this.principals.load(claims, originOf(request));
  }
}

function headerOf(rawToken: string): { kid?: unknown } | undefined {
  try {
    return JSON.parse(Buffer.from(rawToken.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
  } catch {
    return undefined;
  }
}
