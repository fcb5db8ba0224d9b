import { CONTRACT_KIND_LABELS, type ContractKind } from '../contracts/contracts.dto';
import type { ContactChartView } from '../pdf/contact-chart-pdf';
import type { ChartPartyContactDto, ContactChartDto } from './incident-contacts.dto';

const SOURCE_LABELS: Record<ChartPartyContactDto['source'], string> = { contract: '契約別の窓口', published: '公開窓口', missing: '未登録' };

/** The chart as the PDF prints it: one row per vendor or agent of each contract in force. */
export function contactChartView(chart: ContactChartDto): ContactChartView {
  return {
    pharmacyName: chart.pharmacyName,
    pharmacyCode: chart.pharmacyCode,
    asOf: chart.asOf,
    ownContacts: chart.ownContacts,
    vendors: chart.contracts.flatMap((contract) => {
      const covers = `${CONTRACT_KIND_LABELS[contract.kind as ContractKind] ?? contract.kind}${contract.productNames.length ? `：${contract.productNames.join('、')}` : ''}`;
      return contract.contacts.map((party) => ({
        organizationName: party.organizationName,
        partyLabel: party.party === 'agent' ? '代理店' : '事業者',
        covers,
        sourceLabel: SOURCE_LABELS[party.source],
        missing: party.source === 'missing',
        contactName: party.contact?.contactName ?? null,
        phone: party.contact?.phone ?? null,
        outOfHoursPhone: party.contact?.outOfHoursPhone ?? null,
        hours: party.contact?.hours ?? null,
        email: party.contact?.email ?? null,
        notes: party.contact?.notes ?? null,
      }));
    }),
  };
}
