import { randomBytes } from 'node:crypto';
import { lowEntropyProblem, placeholderProblem } from './secret-strength';

describe('secret strength (production refuses known and regular secrets)', () => {
  it.each([
    ['change-me-change-me-change-me-change-me-48chars', /published with Kaiji/],
    ['0'.repeat(64), /published with Kaiji/],
    ['Change-me-2025!', /published with Kaiji/],
    ['Kaiji-demo-2025!', /published with Kaiji/],
    ['please-replace-me-with-a-real-secret-value', /placeholder/],
    ['your-secret-goes-here-0123456789abcdefghij', /placeholder/],
  ])('knows %s for a placeholder', (value, problem) => {
    expect(placeholderProblem(value)).toMatch(problem);
  });

  it.each([
    ['x'.repeat(40), /repeats/],
    ['ab'.repeat(32), /repeats/],
    ['passwordpasswordpasswordpassword1', /repeats/],
    ['abcdefghijklmnopqrstuvwxyz0123456789', /consecutive/],
    ['9876543210zyxwvutsrqponmlkjihgfedcba', /consecutive/],
    ['olcjB3ScLEfPylbjzlYN/GgL7x4L4+4hUS+XsRQoL2kM', null],
  ])('judges %s', (value, problem) => {
    const found = lowEntropyProblem(value, 80);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('names the entropy it measured when a key is merely too uniform', () => {
    expect(lowEntropyProblem('10010110100101101001011010010110', 80)).toMatch(/too little randomness \(about \d+ bits; at least 80 needed\)|repeats/);
  });

  it('accepts keys as openssl rand makes them', () => {
    for (let n = 0; n < 2_000; n++) {
      expect(lowEntropyProblem(randomBytes(48).toString('base64'), 80)).toBeNull();
      expect(lowEntropyProblem(randomBytes(16).toString('hex'), 80)).toBeNull();
      expect(lowEntropyProblem(randomBytes(32).toString('hex'), 160)).toBeNull();
    }
  });
});
