import { PlatformFoundation1763700000000 } from './1763700000000-PlatformFoundation';
import { VendorPublishing1763800000000 } from './1763800000000-VendorPublishing';
import { PharmacyWorkflows1763900000000 } from './1763900000000-PharmacyWorkflows';
import { ChainHeadquarters1764000000000 } from './1764000000000-ChainHeadquarters';
import { ChainAggregates1764050000000 } from './1764050000000-ChainAggregates';
import { CurrentFiscalYear1764100000000 } from './1764100000000-CurrentFiscalYear';
import { JahisFormId1764200000000 } from './1764200000000-JahisFormId';
import { LoginThrottlePerSource1764310000000 } from './1764310000000-LoginThrottlePerSource';
import { CredentialResets1764320000000 } from './1764320000000-CredentialResets';
import { TrustedIdentities1764340000000 } from './1764340000000-TrustedIdentities';
import { ContractEnding1764350000000 } from './1764350000000-ContractEnding';
import { AuditAnchors1764360000000 } from './1764360000000-AuditAnchors';
import { AnswerSets1764400000000 } from './1764400000000-AnswerSets';
import { ContractWithdrawal1764430000000 } from './1764430000000-ContractWithdrawal';
import { MailOutbox1764450000000 } from './1764450000000-MailOutbox';
import { NotificationMail1764470000000 } from './1764470000000-NotificationMail';
import { SessionsAndReminders1764480000000 } from './1764480000000-SessionsAndReminders';
import { Invitations1764460000000 } from './1764460000000-Invitations';
import { PendingPharmacies1764490000000 } from './1764490000000-PendingPharmacies';
import { NotificationMailLimit1764500000000 } from './1764500000000-NotificationMailLimit';
import { StandardWebhooks1764610000000 } from './1764610000000-StandardWebhooks';
import { IncrementalSync1764620000000 } from './1764620000000-IncrementalSync';
import { IdempotentReplayBytes1764630000000 } from './1764630000000-IdempotentReplayBytes';
import { IncidentContacts1764650000000 } from './1764650000000-IncidentContacts';
import { EvidenceDocuments1764660000000 } from './1764660000000-EvidenceDocuments';

/** Every migration, oldest first. A new migration file is added here too. */
export const migrations = [PlatformFoundation1763700000000, VendorPublishing1763800000000, PharmacyWorkflows1763900000000, ChainHeadquarters1764000000000, ChainAggregates1764050000000, CurrentFiscalYear1764100000000, JahisFormId1764200000000, LoginThrottlePerSource1764310000000, CredentialResets1764320000000, TrustedIdentities1764340000000, ContractEnding1764350000000, AuditAnchors1764360000000, AnswerSets1764400000000, ContractWithdrawal1764430000000, MailOutbox1764450000000, Invitations1764460000000, NotificationMail1764470000000, SessionsAndReminders1764480000000, PendingPharmacies1764490000000, NotificationMailLimit1764500000000, StandardWebhooks1764610000000, IncrementalSync1764620000000, IdempotentReplayBytes1764630000000, IncidentContacts1764650000000, EvidenceDocuments1764660000000];
