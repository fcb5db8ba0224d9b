/** What an API client may be allowed to do. Reads need no scope; each kind of write has one. */
export const API_SCOPES = [
  'products:write',
  'contracts:write',
  'disclosures:write',
  'checklists:write',
  'threads:write',
  'requests:write',
  'remote-maintenance:write',
  'webhooks:manage',
] as const;

export type ApiScope = (typeof API_SCOPES)[number];
