import { authenticator } from 'otplib';

const STEP_MS = 30_000;
/** A code of the previous step expires at the next boundary: hand one out only this far from it. */
const PREVIOUS_STEP_MARGIN_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * TOTP codes for the accounts the access matrix enrols in 2FA. Kaiji accepts each time step once
 * and one step of drift either way, so a user can present three codes in a row without waiting
 * (steps now-1, now and now+1); this driver hands them out in that order, per user, and waits for
 * the next step only when a user has used them all.
 */
export class TotpDriver {
  private readonly secrets = new Map<string, string>();
  private readonly lastStep = new Map<string, number>();

  remember(userId: string, secret: string): void {
    this.secrets.set(userId, secret);
    this.lastStep.delete(userId);
  }

  async code(userId: string): Promise<string> {
    const secret = this.secrets.get(userId);
    if (!secret) throw new Error(`no TOTP secret for user ${userId}: start the enrolment first`);
    for (;;) {
      const now = Math.floor(Date.now() / STEP_MS);
      const untilNext = STEP_MS - (Date.now() % STEP_MS);
      const step = Math.max((this.lastStep.get(userId) ?? Number.NEGATIVE_INFINITY) + 1, now - 1);
      const tooLate = step > now + 1 || (step === now - 1 && untilNext < PREVIOUS_STEP_MARGIN_MS);
      if (tooLate) {
        await sleep(untilNext + 50);
        continue;
      }
      this.lastStep.set(userId, step);
      return authenticator.clone({ epoch: step * STEP_MS + STEP_MS / 2 }).generate(secret);
    }
  }
}
