import { contactChartView } from './contact-chart-view';
import type { ContactChartDto, IncidentContactDto } from './incident-contacts.dto';

const desk = (contactName: string): IncidentContactDto => ({ contactName, phone: '0120-000-000', email: null, hours: '平日 9:00–18:00', outOfHoursPhone: null, notes: null, updatedAt: '2026-06-01T00:00:00.000Z' });

/** The printed chart's rows from the API's chart: one per vendor or agent of each contract, 未登録 kept visible. */
describe('contactChartView', () => {
  const chart: ContactChartDto = {
    pharmacyId: 'p',
    pharmacyName: 'さくら薬局',
    pharmacyCode: '1312345678',
    ownContacts: [{ role: '管理薬剤師', name: '山田 花子', phone: null, email: null, notes: null }],
    contracts: [
      {
        contractId: 'c1',
        kind: 'maintenance',
        productNames: ['ひかりレセプト', '電子薬歴'],
        contacts: [
          { organizationId: 'v', organizationName: 'ひかり医療', party: 'vendor', source: 'contract', contact: desk('関西支店') },
          { organizationId: 'a', organizationName: '東京代理店', party: 'agent', source: 'missing', contact: null },
        ],
      },
      { contractId: 'c2', kind: 'sale_only', productNames: [], contacts: [{ organizationId: 'w', organizationName: 'みどり機器', party: 'vendor', source: 'published', contact: desk('本社') }] },
    ],
    missingCount: 1,
    asOf: '2026-12-07',
  };

  it('prints one row per party, with what the contract covers and where the contact comes from', () => {
    const view = contactChartView(chart);
    expect(view.ownContacts).toEqual(chart.ownContacts);
    expect(view.vendors.map((row) => [row.organizationName, row.partyLabel, row.covers, row.sourceLabel, row.missing, row.contactName])).toEqual([
      ['ひかり医療', '事業者', '保守契約：ひかりレセプト、電子薬歴', '契約別の窓口', false, '関西支店'],
      ['東京代理店', '代理店', '保守契約：ひかりレセプト、電子薬歴', '未登録', true, null],
      ['みどり機器', '事業者', '売買契約のみ', '公開窓口', false, '本社'],
    ]);
  });
});
