import { Injectable } from '@nestjs/common';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import { PASSWORD_HISTORY_DEPTH, passwordPolicyViolations } from './password-policy';

/**
 * OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. argon2id is @node-rs/argon2's default (its
 * `Algorithm` is a const enum that isolated modules cannot read); hashes start with `$argon2id$`.
 */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordsService {
  /** A hash of a random string, so that unknown e-mails cost as much time as a wrong password. */
  private readonly decoy = argon2Hash(`decoy-${Math.random()}`, ARGON2_OPTIONS);

  hash(password: string): Promise<string> {
    return argon2Hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    if (!hash) {
      await argon2Verify(await this.decoy, password).catch(() => false);
      return false;
    }
    return argon2Verify(hash, password).catch(() => false);
  }

  /** Throws a validation problem on the given field when the password breaks the policy. */
  assertAcceptable(password: string, email: string, field = 'password'): void {
    const problems = passwordPolicyViolations(password, email);
    if (problems.length > 0) throw AppError.invalid(problems.map((message) => ({ field, message })), 'The password does not meet the policy.');
  }

  /**
   * Sets a user's password inside the caller's transaction: policy, no reuse of the last five,
   * history kept. A password the user sets clears an admin's "change it at the next login" (an
   * admin's reset sets it again after calling this).
   */
  async setPassword(manager: EntityManager, user: { id: string; email: string }, password: string, field = 'password'): Promise<void> {
    this.assertAcceptable(password, user.email, field);
    const history: { password_hash: string }[] = await manager.query(
      'SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2',
      [user.id, PASSWORD_HISTORY_DEPTH],
    );
    for (const { password_hash } of history) {
      if (await argon2Verify(password_hash, password).catch(() => false)) {
        throw AppError.invalid([{ field, message: `must differ from your last ${PASSWORD_HISTORY_DEPTH} passwords (過去5回のパスワードは再利用できません)` }], 'The password was used recently.');
      }
    }
    const hash = await this.hash(password);
    await manager.query('UPDATE users SET password_hash = $2, password_changed_at = now(), password_change_required = false, updated_at = now() WHERE id = $1', [
      user.id,
      hash,
    ]);
    await manager.query('INSERT INTO password_history (user_id, password_hash) VALUES ($1, $2)', [user.id, hash]);
  }
}
