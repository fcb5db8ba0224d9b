import { remoteMaintenanceInputErrors } from './remote-maintenance-rules';
import { GATEWAY_PATCH_MAX_AGE_DAYS, remoteMaintenanceRisks, RiskInput } from './remote-maintenance-risks';
import type { PutRemoteMaintenanceDto } from './remote-maintenance.dto';

const TODAY = '2026-01-31';
const safe: RiskInput = {
  inUse: true,
  connectionMethod: 'internet_vpn',
  gatewayPatchedOn: '2026-01-01',
  gatewayLabel: 'Fortinet FortiGate 40F ファームウェア 7.2.8',
  twoFactor: true,
  sourceRestricted: true,
  sessionLogging: true,
  uniqueCredentials: true,
};
const codes = (input: Partial<RiskInput>) => remoteMaintenanceRisks({ ...safe, ...input }, TODAY).risks.map((risk) => risk.code);

describe('remote-maintenance rules', () => {
  it('flags a gateway patched more than GATEWAY_PATCH_MAX_AGE_DAYS ago, not on the day itself', () => {
    expect(GATEWAY_PATCH_MAX_AGE_DAYS).toBe(180);
    expect(codes({ gatewayPatchedOn: '2025-08-04' })).toEqual([]); // 180 days
    expect(codes({ gatewayPatchedOn: '2025-08-03' })).toEqual(['gateway_firmware_stale']); // 181 days
    expect(codes({ gatewayPatchedOn: null })).toEqual([]);
  });

  it('ranks the level by the worst risk and flags nothing when not in use', () => {
    expect(remoteMaintenanceRisks(safe, TODAY)).toEqual({ risks: [], riskLevel: 'none' });
    expect(remoteMaintenanceRisks({ ...safe, sessionLogging: false, sourceRestricted: false }, TODAY).riskLevel).toBe('medium');
    expect(remoteMaintenanceRisks({ ...safe, sessionLogging: false, twoFactor: false }, TODAY).riskLevel).toBe('high');
    expect(remoteMaintenanceRisks({ ...safe, inUse: false, twoFactor: false, uniqueCredentials: false }, TODAY)).toEqual({ risks: [], riskLevel: 'none' });
  });

  it('lists every missing field of remote maintenance in use, the gateway only where one is expected', () => {
    const input = (extra: Partial<PutRemoteMaintenanceDto>) => ({ productId: 'p', inUse: true, ...extra });
    expect(remoteMaintenanceInputErrors(input({}), TODAY).map((e) => e.field)).toEqual(['connectionMethod', 'twoFactor', 'sourceRestricted', 'sessionLogging', 'availability', 'uniqueCredentials']);
    const complete = { twoFactor: true, sourceRestricted: true, sessionLogging: true, availability: 'on_demand', uniqueCredentials: true } as const;
    expect(remoteMaintenanceInputErrors(input({ ...complete, connectionMethod: 'closed_network' }), TODAY)).toEqual([]);
    expect(remoteMaintenanceInputErrors(input({ ...complete, connectionMethod: 'cloud_relay' }), TODAY).map((e) => e.field)).toEqual([
      'gateway.maker',
      'gateway.model',
      'gateway.firmwareVersion',
      'gateway.lastPatchedOn',
    ]);
    const gateway = { maker: 'A', model: 'B', firmwareVersion: '1', lastPatchedOn: '2026-02-01' };
    expect(remoteMaintenanceInputErrors(input({ ...complete, connectionMethod: 'internet_vpn', gateway }), TODAY)).toEqual([{ field: 'gateway.lastPatchedOn', message: 'must not be in the future' }]);
  });
});
