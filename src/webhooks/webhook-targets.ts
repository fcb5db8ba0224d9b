import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { addressRefusal, parseWebhookUrl } from './address-guard';

export interface ResolvedAddress {
  address: string;
  family: number;
}

const LOOKUP_TIMEOUT_MS = 5_000;

/** The system resolver (getaddrinfo, as a connection would use). A provider, so tests can say what a name resolves to. */
@Injectable()
export class HostResolver {
  async lookup(host: string): Promise<ResolvedAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('DNS lookup timed out')), LOOKUP_TIMEOUT_MS);
      timer.unref();
    });
    try {
      return await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A webhook URL that may not be used; the message completes "url …". */
export class TargetRefused extends Error {}

export interface WebhookTarget {
  url: URL;
  /** Every address the host resolved to, each one checked: connections go to these and nowhere else. */
  addresses: ResolvedAddress[];
}

/**
 * Checks a webhook URL and every address its host resolves to, at registration and again before
 * each delivery (the delivery then connects to the checked addresses, so a DNS answer that changes
 * in between — rebinding — cannot redirect it). Checking connects to nothing.
 */
@Injectable()
export class WebhookTargets {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly resolver: HostResolver,
  ) {}

  async resolve(raw: string): Promise<WebhookTarget> {
    const parsed = parseWebhookUrl(raw, { requireHttps: this.config.production });
    if ('error' in parsed) throw new TargetRefused(parsed.error);
    const addresses = parsed.literal ? [{ address: parsed.host, family: isIP(parsed.host) }] : await this.lookup(parsed.host);
    const policy = { allowPrivate: this.config.webhooks.allowPrivateAddresses, allowLoopback: this.config.webhooks.allowLoopback };
    for (const { address } of addresses) {
      const refusal = addressRefusal(address, policy);
      if (refusal) throw new TargetRefused(parsed.literal ? `must not point at ${refusal} (${address})` : `must not resolve to ${refusal} (${parsed.host} is ${address})`);
    }
    return { url: parsed.url, addresses };
  }

  private async lookup(host: string): Promise<ResolvedAddress[]> {
    let addresses: ResolvedAddress[];
    try {
      addresses = await this.resolver.lookup(host);
    } catch {
      throw new TargetRefused(`names a host that does not resolve (${host})`);
    }
    if (addresses.length === 0) throw new TargetRefused(`names a host that does not resolve (${host})`);
    return addresses;
  }
}
