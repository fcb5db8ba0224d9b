import { addressRefusal, parseWebhookUrl } from './address-guard';

const strict = { allowPrivate: false };
const testing = { allowPrivate: true };
const local = { allowPrivate: false, allowLoopback: true };

describe('webhook address guard', () => {
  it.each([
    ['10.0.0.1', 'a private address'],
    ['10.255.255.255', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.254', 'a private address'],
    ['192.168.1.20', 'a private address'],
    ['100.64.0.1', 'a shared (carrier-grade NAT) address'],
    ['100.127.255.254', 'a shared (carrier-grade NAT) address'],
    ['127.0.0.1', 'a loopback address'],
    ['127.53.0.9', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['febf:ffff::1', 'a link-local address'],
    ['fc00::1', 'a unique-local (private) address'],
    ['fd12:3456:789a::1', 'a unique-local (private) address'],
    ['0.0.0.0', 'the unspecified address'],
    ['0.1.2.3', 'the unspecified address'],
    ['::', 'the unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'the broadcast address'],
    // IPv4 wrapped in IPv6 is judged as the IPv4 address it carries.
    ['::ffff:10.0.0.1', 'a private address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:169.254.169.254', 'a link-local address'],
    // Translation and tunnelling prefixes can carry any IPv4 address: refused outright.
    ['64:ff9b::a00:1', 'a reserved or special-purpose address (rfc6052)'],
    ['2002:a00:1::1', 'a reserved or special-purpose address (6to4)'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'a reserved or special-purpose address (teredo)'],
    // Deprecated IPv4-compatible IPv6 (::/96) carries an IPv4 address without saying so (Low 15).
    ['::7f00:1', 'a deprecated IPv4-compatible IPv6 address (::/96)'],
    ['::127.0.0.1', 'a deprecated IPv4-compatible IPv6 address (::/96)'],
    ['::a00:1', 'a deprecated IPv4-compatible IPv6 address (::/96)'],
    ['::8.8.8.8', 'a deprecated IPv4-compatible IPv6 address (::/96)'],
    ['0:0:0:0:0:0:a9fe:a9fe', 'a deprecated IPv4-compatible IPv6 address (::/96)'],
    ['::2', 'a deprecated IPv4-compatible IPv6 address (::/96)'],
    // Nothing outside 2000::/3 is routable IPv6 unicast.
    ['::1:7f00:1', 'an IPv6 address outside global unicast (2000::/3)'],
    ['4000::1', 'an IPv6 address outside global unicast (2000::/3)'],
    ['192.0.2.10', 'a reserved or special-purpose address (reserved)'],
    ['2001:db8::1', 'a reserved or special-purpose address (reserved)'],
    ['not-an-ip', 'not an IP address'],
  ])('refuses %s as %s', (address, description) => {
    expect(addressRefusal(address, strict)).toBe(description);
  });

  it.each(['8.8.8.8', '93.184.215.14', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '11.0.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'accepts the public address %s',
    (address) => {
      expect(addressRefusal(address, strict)).toBeNull();
    },
  );

  it('lets tests use loopback and private networks, but never link-local, unspecified, multicast or reserved addresses', () => {
    for (const address of ['127.0.0.1', '::1', '10.1.2.3', '172.20.0.1', '192.168.0.1', '100.64.0.9', 'fd00::5', '::ffff:127.0.0.1']) {
      expect([address, addressRefusal(address, testing)]).toEqual([address, null]);
    }
    for (const address of ['169.254.169.254', 'fe80::1', '0.0.0.0', '::', '224.0.0.1', '255.255.255.255', '192.0.2.1', '64:ff9b::a00:1', '::7f00:1', '::127.0.0.1', '::a00:1']) {
      expect([address, addressRefusal(address, testing)]).toEqual([address, expect.any(String)]);
    }
  });

  it('lets a local receiver (KAIJI_WEBHOOK_ALLOW_LOOPBACK) use loopback and nothing else that strict rules refuse', () => {
    for (const address of ['127.0.0.1', '127.53.0.9', '::1', '::ffff:127.0.0.1']) {
      expect([address, addressRefusal(address, local)]).toEqual([address, null]);
    }
    const refused = ['10.1.2.3', '172.20.0.1', '192.168.0.1', '100.64.0.9', 'fd00::5', '::ffff:10.0.0.1', '169.254.169.254', 'fe80::1', '0.0.0.0', '::', '::7f00:1', '::127.0.0.1'];
    for (const address of refused) {
      expect([address, addressRefusal(address, local)]).toEqual([address, addressRefusal(address, strict)]);
    }
  });

  describe('URL rules', () => {
    const open = { requireHttps: false };
    const production = { requireHttps: true };

    it('accepts https everywhere and plain http only outside production', () => {
      expect(parseWebhookUrl('https://hooks.example.com/kaiji', production)).toEqual(expect.objectContaining({ host: 'hooks.example.com', literal: false }));
      expect(parseWebhookUrl('http://hooks.example.com/kaiji', open)).toEqual(expect.objectContaining({ host: 'hooks.example.com', literal: false }));
      expect(parseWebhookUrl('http://hooks.example.com/kaiji', production)).toEqual({ error: 'must use https' });
    });

    it.each([
      ['not a url', 'must be an absolute https URL'],
      ['/relative/path', 'must be an absolute https URL'],
      ['ftp://hooks.example.com/', 'must be an https URL'],
      ['file:///etc/passwd', 'must be an https URL'],
      ['javascript:alert(1)', 'must be an https URL'],
      ['https://user:secret@hooks.example.com/', 'must not contain credentials'],
      ['https://hooks.example.com/#fragment', 'must not contain a fragment (#…)'],
    ])('refuses %s', (url, error) => {
      expect(parseWebhookUrl(url, open)).toEqual({ error });
    });

    it.each([
      ['http://0x7f.1/', '127.0.0.1'],
      ['http://2130706433/', '127.0.0.1'],
      ['http://017700000001/', '127.0.0.1'],
      ['http://10.1/', '10.0.0.1'],
      ['http://[::1]:8080/', '::1'],
      ['http://[::ffff:a00:1]/', '::ffff:a00:1'],
      ['https://[fe80::1]/', 'fe80::1'],
    ])('reads %s as the IP literal %s (obfuscated forms are normalized first)', (url, host) => {
      const parsed = parseWebhookUrl(url, open);
      expect(parsed).toEqual(expect.objectContaining({ host, literal: true }));
      expect(addressRefusal(host, strict)).not.toBeNull();
    });
  });
});
