import { hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '../auth/secret-box';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Signing secrets at rest. Kaiji must read them back to sign, so they are sealed (AES-256-GCM),
 * not hashed, with a key derived from KAIJI_TOTP_KEY by HKDF for this purpose only: one key to
 * keep and back up, but a TOTP seed box and a webhook secret box never share a key. Replacing
 * KAIJI_TOTP_KEY makes existing secrets unreadable (rotate each subscription's secret then).
 */
@Injectable()
export class WebhookSecrets {
  private readonly box: SecretBox;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.box = new SecretBox(Buffer.from(hkdfSync('sha256', config.totpKey, Buffer.alloc(0), 'kaiji/webhook-signing-secrets/v1', 32)));
  }

  seal(secret: string): string {
    return this.box.seal(secret);
  }

  open(sealed: string): string {
    return this.box.open(sealed);
  }
}
