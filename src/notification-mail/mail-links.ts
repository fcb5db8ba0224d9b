import type { MailFamily } from './mail-families';
import type { UnsubscribeLinks } from './notification-mail-templates';
import type { UnsubscribeTokens } from './unsubscribe-token';

/** Absolute portal and API links for mail, from the public URL (KAIJI_PUBLIC_URL), as password reset does. */
export class MailLinks {
  constructor(
    private readonly publicUrl: string,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  /** A notification's portal path (`/contracts/…`) as a link into the portal. */
  portal(path: string | null): string | null {
    return path && path.startsWith('/') ? `${this.publicUrl}/portal${path}` : null;
  }

  get account(): string {
    return `${this.publicUrl}/portal/account`;
  }

  unsubscribe(userId: string, families: MailFamily[]): UnsubscribeLinks {
    const token = this.tokens.sign(userId, families);
    return {
      pageUrl: `${this.publicUrl}/portal/unsubscribe?token=${token}`,
      oneClickUrl: `${this.publicUrl}/v1/notification-preferences/unsubscribe?token=${token}`,
      settingsUrl: this.account,
    };
  }
}
