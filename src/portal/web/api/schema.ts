// Generated once from openapi/openapi.json (components.schemas); keep in step with the API.

export interface AuditEventDto {
  actorType: "user" | "client" | "system" | "anonymous";
  outcome: "success" | "failure";
  details: Record<string, unknown>;
  /** Position in the whole log (a decimal string: the log outgrows JavaScript numbers). */
  id: string;
  /** Position in this organization's hash chain, from 1. */
  sequence: number;
  organizationId: string | null;
  actorId: string | null;
  /** E-mail of a user, name of an API client, or the e-mail tried in a failed login. */
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  occurredAt: string;
  /** SHA-256 over the previous row's hash and this row. */
  hash: string;
}

export interface AuditEventPageDto {
  items: AuditEventDto[];
  nextCursor?: string | null;
}

export interface AuditBreakDto {
  reason: "row_altered" | "link_broken" | "row_missing" | "tail_missing";
  /** The first row whose hash or link does not match; null when rows at the end were removed. */
  eventId: string | null;
  sequence: number;
}

export interface AuditVerificationDto {
  firstBroken?: AuditBreakDto | null;
  /** The organization id, or `platform`. */
  chain: string;
  valid: boolean;
  /** Rows checked. */
  checked: number;
}

export interface NotificationSubjectDto {
  /** e.g. contract, disclosure, checklist, document_request, risk_thread. */
  type: string;
  id: string;
}

export interface NotificationDto {
  type: "contract.proposed" | "contract.accepted" | "disclosure.published" | "checklist.submitted" | "document_request.created" | "document_request.fulfilled" | "document_request.declined" | "risk_thread.opened" | "risk_thread.message" | "risk_thread.resolved" | "remote_maintenance.disclosed" | "remote_maintenance.confirmed";
  body?: string | null;
  /** A portal path to the subject. */
  link?: string | null;
  subject?: NotificationSubjectDto | null;
  readAt?: string | null;
  id: string;
  /** In Japanese, as shown in the portal. */
  title: string;
  eventId: string;
  read: boolean;
  createdAt: string;
}

export interface NotificationPageDto {
  items: NotificationDto[];
  nextCursor?: string | null;
  /** The caller's unread notifications in all, whatever the page or filter. */
  unreadCount: number;
}

export interface MarkAllReadDto {
  /** Notifications marked read by this call. */
  marked: number;
  unreadCount: number;
}

export interface CreateOrganizationDto {
  kind: "vendor" | "pharmacy" | "chain";
  name: string;
  /** 法人番号: 13 digits with a check digit. */
  corporateNumber?: string | null;
  /** 保険薬局コード: 10 digits (pharmacies only). */
  pharmacyCode?: string | null;
  /** The chain (法人本部) a pharmacy belongs to. */
  chainId?: string | null;
}

export interface OrganizationDto {
  kind: "vendor" | "pharmacy" | "chain" | "operator";
  id: string;
  /** 組織種別 as shown to people. */
  kindLabel: string;
  name: string;
  corporateNumber: string | null;
  pharmacyCode: string | null;
  chainId: string | null;
  requireTwoFactor: boolean;
  autoDisableInactiveUsers: boolean;
  createdAt: string;
}

export interface OrganizationPageDto {
  items: OrganizationDto[];
  nextCursor?: string | null;
}

export interface UpdateOrganizationDto {
  name?: string | null;
  corporateNumber?: string | null;
  /** Every user must enrol 2FA before doing anything else (checklist item 2-⑩). */
  requireTwoFactor?: boolean | null;
  /** Disable accounts unused for 90 days (configurable) automatically, daily (item 2-⑤). */
  autoDisableInactiveUsers?: boolean | null;
}

export interface CreateUserDto {
  role: "admin" | "member" | "viewer";
  email: string;
  displayName: string;
  /** Initial password: 8+ characters mixing letters, digits and symbols, or 13+ characters. */
  password: string;
}

export interface UserDto {
  role: "admin" | "member" | "viewer";
  id: string;
  organizationId: string;
  email: string;
  displayName: string;
  twoFactorEnrolled: boolean;
  disabled: boolean;
  disabledReason: string | null;
  lastLoginAt: string | null;
  /** Not used for the configured number of days (checklist item 2-⑤). */
  inactive: boolean;
  createdAt: string;
}

export interface UserPageDto {
  items: UserDto[];
  nextCursor?: string | null;
}

export interface UpdateUserDto {
  role?: "admin" | "member" | "viewer" | null;
  displayName?: string | null;
  /** true disables the account (its sessions end at once); false enables it again. */
  disabled?: boolean | null;
}

export interface DisabledUsersDto {
  /** Accounts disabled by this call. */
  disabled: number;
}

export interface CreateApiClientDto {
  scopes: ("products:write" | "contracts:write" | "disclosures:write" | "checklists:write" | "threads:write" | "requests:write" | "remote-maintenance:write" | "webhooks:manage")[];
  name: string;
  /** Source ranges the client may call from, e.g. ["203.0.113.0/24"] (checklist item 2-⑬). */
  allowedCidrs: string[];
}

export interface CreatedApiClientDto {
  scopes: ("products:write" | "contracts:write" | "disclosures:write" | "checklists:write" | "threads:write" | "requests:write" | "remote-maintenance:write" | "webhooks:manage")[];
  /** Shown once; Kaiji keeps only a hash. */
  clientSecret: string;
  id: string;
  clientId: string;
  name: string;
  allowedCidrs: string[];
  lastUsedAt: string | null;
  revoked: boolean;
  createdAt: string;
}

export interface ApiClientDto {
  scopes: ("products:write" | "contracts:write" | "disclosures:write" | "checklists:write" | "threads:write" | "requests:write" | "remote-maintenance:write" | "webhooks:manage")[];
  id: string;
  clientId: string;
  name: string;
  allowedCidrs: string[];
  lastUsedAt: string | null;
  revoked: boolean;
  createdAt: string;
}

export interface ApiClientPageDto {
  items: ApiClientDto[];
  nextCursor?: string | null;
}

export interface LoginDto {
  email: string;
  password: string;
  /** The 6-digit authenticator code, or a recovery code (XXXX-XXXX-XXXX), once 2FA is enrolled. */
  otp?: string | null;
}

export interface TokensDto {
  tokenType: "Bearer";
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires (at most 900). */
  expiresIn: number;
}

export interface RefreshDto {
  refreshToken: string;
}

export interface ClientTokenRequestDto {
  grant_type: "client_credentials";
  client_id?: string | null;
  client_secret?: string | null;
  /** Space-separated subset of the client's scopes. */
  scope?: string | null;
}

export interface ClientTokenDto {
  token_type: "Bearer";
  access_token: string;
  expires_in: number;
  scope: string;
}

export interface ChangePasswordDto {
  currentPassword: string;
  /** 8+ characters mixing letters, digits and symbols, or 13+ characters; not one of your last 5. */
  newPassword: string;
}

export interface MeOrganizationDto {
  kind: "vendor" | "pharmacy" | "chain" | "operator";
  id: string;
  name: string;
  requireTwoFactor: boolean;
}

export interface MeDto {
  type: "user" | "client";
  email?: string | null;
  displayName?: string | null;
  role?: "admin" | "member" | "viewer" | null;
  scopes?: string[] | null;
  twoFactorEnrolled?: boolean | null;
  /** The organization requires 2FA and you have not enrolled: only enrolment is open until you do. */
  twoFactorEnrolmentRequired?: boolean | null;
  recoveryCodesRemaining?: number | null;
  id: string;
  organization: MeOrganizationDto;
}

export interface TwoFactorEnrolmentDto {
  /** Base32 seed, for typing into an app by hand. */
  secret: string;
  /** Scan as a QR code with an authenticator app. */
  otpauthUri: string;
}

export interface OtpDto {
  /** The 6-digit code from the authenticator app. */
  otp: string;
}

export interface RecoveryCodesDto {
  /** Each works once in place of an authenticator code. Shown only now. */
  recoveryCodes: string[];
}

export interface DisableTwoFactorDto {
  /** The 6-digit code from the authenticator app. */
  otp: string;
  password: string;
}

export interface FormSummaryDto {
  kind: "vendor_checklist" | "facility_checklist" | "security_disclosure";
  audience: "pharmacy" | "medical" | "any";
  fiscalYear: number | null;
  fiscalYearLabel: string | null;
  supersededBy: string | null;
  id: string;
  series: string;
  versionLabel: string;
  title: string;
  titleEn: string;
  partial: boolean;
  itemCount: number;
  latest: boolean;
}

export interface FormPageDto {
  items: FormSummaryDto[];
  nextCursor?: string | null;
}

export interface FormSectionDto {
  id: string;
  title: string;
  titleEn?: string | null;
}

export interface FormCounterpartDto {
  formId: string;
  itemId: string;
}

export interface FormItemDto {
  answers: ("はい" | "いいえ" | "対象外" | "該当" | "非該当")[];
  /** As printed: "2-③", "1.1", "2(4)-server". */
  id: string;
  sectionId: string;
  /** Scope heading printed above the item (サーバ, 端末PC, ネットワーク機器…). */
  scope?: string | null;
  /** Japanese text verbatim from the source. */
  text: string;
  /** English gloss. */
  textEn: string;
  /** Must be answered before submitting or publishing (R5 参考項目 are not). */
  required: boolean;
  condition?: string | null;
  targetFiscalYear?: number | null;
  counterpart?: FormCounterpartDto | null;
  note?: string | null;
}

export interface FormRulesDto {
  targetDateRequiredFor?: ("はい" | "いいえ" | "対象外" | "該当" | "非該当")[] | null;
  riskAnswers?: ("はい" | "いいえ" | "対象外" | "該当" | "非該当")[] | null;
  targetDateWithinFiscalYear?: boolean | null;
  confirmationDateRequired?: boolean | null;
}

export interface FormDto {
  kind: "vendor_checklist" | "facility_checklist" | "security_disclosure";
  audience: "pharmacy" | "medical" | "any";
  /** Gregorian year the 年度 starts in (2026 = 令和8年度); null for forms not tied to a 年度. */
  fiscalYear: number | null;
  sections: FormSectionDto[];
  items: FormItemDto[];
  /** "令和7年度" (null when the form is not tied to a 年度). */
  fiscalYearLabel: string | null;
  /** The newest version of the series, when this one is not it. */
  supersededBy: string | null;
  /** No newer version exists in the series. */
  latest: boolean;
  /** Stable id, e.g. "vendor-checklist-pharmacy-r8". */
  id: string;
  /** Versions of one series replace each other, e.g. "vendor-checklist/pharmacy". */
  series: string;
  /** Orders versions within a series after fiscalYear. */
  revision: number;
  versionLabel: string;
  title: string;
  titleEn: string;
  /** Only part of the source's items are listed: answers to unlisted items are accepted. */
  partial: boolean;
  source: string;
  note?: string | null;
  rules: FormRulesDto;
  instructions?: string[] | null;
  footnotes?: string[] | null;
}

export interface RegisterFormDto {
  kind: "vendor_checklist" | "facility_checklist" | "security_disclosure";
  audience: "pharmacy" | "medical" | "any";
  /** Gregorian year the 年度 starts in (2026 = 令和8年度); null for forms not tied to a 年度. */
  fiscalYear: number | null;
  sections: FormSectionDto[];
  items: FormItemDto[];
  /** Stable id, e.g. "vendor-checklist-pharmacy-r8". */
  id: string;
  /** Versions of one series replace each other, e.g. "vendor-checklist/pharmacy". */
  series: string;
  /** Orders versions within a series after fiscalYear. */
  revision: number;
  versionLabel: string;
  title: string;
  titleEn: string;
  /** Only part of the source's items are listed: answers to unlisted items are accepted. */
  partial: boolean;
  source: string;
  note?: string | null;
  rules: FormRulesDto;
  instructions?: string[] | null;
  footnotes?: string[] | null;
}

export interface CreateProductDto {
  category: "レセコン" | "電子薬歴" | "調剤機器" | "過誤防止" | "電子お薬手帳" | "オンライン資格確認" | "会計" | "NSIPS連携" | "other";
  deployment: "on-premises" | "cloud" | "hybrid";
  name: string;
  /** Released versions, e.g. ["5.2", "6.0"]. */
  versions?: string[] | null;
  description?: string | null;
}

export interface ProductDto {
  category: "レセコン" | "電子薬歴" | "調剤機器" | "過誤防止" | "電子お薬手帳" | "オンライン資格確認" | "会計" | "NSIPS連携" | "other";
  deployment: "on-premises" | "cloud" | "hybrid";
  id: string;
  vendorId: string;
  vendorName: string;
  name: string;
  /** カテゴリ as shown to people. */
  categoryLabel: string;
  deploymentLabel: string;
  versions: string[];
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProductPageDto {
  items: ProductDto[];
  nextCursor?: string | null;
}

export interface UpdateProductDto {
  category?: "レセコン" | "電子薬歴" | "調剤機器" | "過誤防止" | "電子お薬手帳" | "オンライン資格確認" | "会計" | "NSIPS連携" | "other" | null;
  deployment?: "on-premises" | "cloud" | "hybrid" | null;
  name?: string | null;
  /** Released versions, e.g. ["5.2", "6.0"]. */
  versions?: string[] | null;
  description?: string | null;
}

export interface ProposeContractDto {
  kind: "sale_only" | "maintenance" | "operation";
  /** Vendor proposing: the customer pharmacy's 保険薬局コード. */
  pharmacyCode?: string | null;
  /** Customer proposing: the vendor's organization id (or its 法人番号 below). */
  vendorId?: string | null;
  vendorCorporateNumber?: string | null;
  /** Chain proposing for one of its stores: which store. */
  customerId?: string | null;
  /** The vendor's products the contract covers (a customer may leave them to the vendor to fill in). */
  productIds?: string[] | null;
  /** An agent (代理店) that supports or remotely maintains the systems. */
  agentId?: string | null;
  startsOn: string;
  endsOn?: string | null;
}

export interface ContractPartyDto {
  id: string;
  /** Hidden from a vendor until the contract is active, unless the customer proposed it. */
  name: string | null;
  pharmacyCode?: string | null;
}

export interface ContractProductDto {
  id: string;
  name: string;
  category: string;
}

export interface ContractDto {
  kind: "sale_only" | "maintenance" | "operation";
  status: "proposed" | "active" | "declined";
  agent?: ContractPartyDto | null;
  products: ContractProductDto[];
  proposedBy: "vendor" | "customer";
  /** Your side of this contract. */
  yourRole: "vendor" | "agent" | "customer";
  id: string;
  /** 契約種別 as shown to people. */
  kindLabel: string;
  statusLabel: string;
  vendor: ContractPartyDto;
  customer: ContractPartyDto;
  startsOn: string;
  endsOn: string | null;
  /** Maintenance and operation contracts owe a 事業者確認用 checklist every 年度; sale-only ones do not. */
  owesChecklist: boolean;
  decidedAt: string | null;
  createdAt: string;
}

export interface ContractPageDto {
  items: ContractDto[];
  nextCursor?: string | null;
}

export interface AcceptContractDto {
  /** Vendor accepting a customer's proposal: the products covered (required when the proposal named none). */
  productIds?: string[] | null;
}

export interface DisclosureAnswerInputDto {
  /** Item id as printed on the form, e.g. "1.1" or "12". */
  itemId: string;
  /** As the form prints it: はい, いいえ, 対象外, 該当 or 非該当. */
  answer: string;
  /** 備考 */
  remarks?: string | null;
  /** For items a partial form does not list: the item's text as on your workbook. */
  itemText?: string | null;
  /** For items a partial form does not list: the section heading it stands under. */
  section?: string | null;
}

export interface CreateDisclosureDto {
  kind: "MDS" | "SDS" | "RM-SDS";
  audience: "all_customers" | "selected_contracts";
  productId: string;
  productVersion: string;
  /** The form version answered; the newest MDS/SDS form when omitted. */
  formId?: string | null;
  /** With audience selected_contracts: the contracts whose customers may read it. */
  contractIds?: string[] | null;
  answers: DisclosureAnswerInputDto[];
}

export interface DisclosureAnswerDto {
  itemId: string;
  /** The item's section heading. */
  section: string | null;
  /** The item's text: from the form, or as the vendor supplied it for an item the form does not list. */
  text: string;
  textEn: string | null;
  answer: string;
  remarks: string | null;
  /** いいえ or 対象外: calls for risk communication. */
  needsReview: boolean;
  /** Not in the catalogued part of the form (text supplied by the vendor). */
  uncatalogued: boolean;
}

export interface AttachmentInfoDto {
  filename: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

export interface DisclosureDto {
  kind: "MDS" | "SDS" | "RM-SDS";
  status: "draft" | "published" | "superseded" | "withdrawn";
  audience: "all_customers" | "selected_contracts";
  /** Selected contracts (shown to the author only). */
  contractIds?: string[] | null;
  answers?: DisclosureAnswerDto[] | null;
  attachment?: AttachmentInfoDto | null;
  id: string;
  kindLabel: string;
  statusLabel: string;
  revision: number;
  vendor: { id: string; name: string };
  author: { id: string; name: string };
  product: { id: string; name: string; category: string };
  productVersion: string;
  formId: string;
  formLabel: string;
  /** A newer version of the form exists: the vendor should answer it again. */
  formOutdated: boolean;
  newerFormId: string | null;
  /** Answers いいえ or 対象外. */
  reviewCount: number;
  publishedAt: string | null;
  supersededBy: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DisclosurePageDto {
  items: DisclosureDto[];
  nextCursor?: string | null;
}

export interface UpdateDisclosureDto {
  audience?: "all_customers" | "selected_contracts" | null;
  contractIds?: string[] | null;
  /** Replaces every answer of the draft. */
  answers?: DisclosureAnswerInputDto[] | null;
}

export interface WithdrawDisclosureDto {
  reason: string;
}

export interface ChecklistAnswerInputDto {
  /** Item id as printed on the form, e.g. "2-③". */
  itemId: string;
  /** はい or いいえ. */
  answer: string;
  /** 確認日 (YYYY-MM-DD, not in the future). */
  confirmedOn?: string | null;
  /** 目標日 (YYYY-MM-DD within the 年度): required when the answer is いいえ. */
  targetOn?: string | null;
  /** 備考 */
  remarks?: string | null;
}

export interface SaveChecklistDto {
  /** The form version; by default the 事業者確認用 of this 年度 for the customer's kind of facility. */
  formId?: string | null;
  /** The vendor's 管理責任者 (required to submit). */
  managerName?: string | null;
  answers: ChecklistAnswerInputDto[];
}

export interface ChecklistAnswerDto {
  itemId: string;
  /** The same item's number on the customer's own checklist (薬局確認用), where it differs. */
  counterpartItemId: string | null;
  section: string | null;
  /** The heading the item stands under on the sheet (サーバ, 端末PC, ネットワーク機器…). */
  scope: string | null;
  text: string;
  textEn: string | null;
  answer: string;
  confirmedOn: string | null;
  targetOn: string | null;
  remarks: string | null;
  /** いいえ with a 目標日 already past. */
  targetOverdue: boolean;
}

export interface ChecklistRevisionSummaryDto {
  status: "draft" | "submitted";
  revision: number;
  submittedAt: string | null;
}

export interface ChecklistDto {
  status: "draft" | "submitted";
  answers: ChecklistAnswerDto[];
  revisions: ChecklistRevisionSummaryDto[];
  id: string;
  contractId: string;
  fiscalYear: number;
  /** 令和7年度 */
  fiscalYearLabel: string;
  revision: number;
  statusLabel: string;
  formId: string;
  formLabel: string;
  /** A newer version of the form exists: answers should be given again on it. */
  formOutdated: boolean;
  newerFormId: string | null;
  vendor: { id: string; name: string };
  customer: { id: string; name: string };
  managerName: string | null;
  /** Number of いいえ answers. */
  noCount: number;
  /** Required items still unanswered (drafts). */
  missingItems: string[];
  submittedAt: string | null;
}

export interface ChecklistBatchEntryDto {
  /** The contract, or (with pharmacyCode) the customer's 保険薬局コード when you have one contract with it. */
  contractId?: string | null;
  pharmacyCode?: string | null;
  formId?: string | null;
  managerName: string;
  answers: ChecklistAnswerInputDto[];
}

export interface ChecklistBatchDto {
  /** 年度 as the Gregorian year it starts in (2025 = 令和7年度). */
  fiscalYear: number;
  /** Up to 2,000 customers' checklists, each submitted as a new revision (or left unchanged). */
  entries: ChecklistBatchEntryDto[];
}

export interface ChecklistBatchResultDto {
  status: "created" | "unchanged" | "error";
  errors?: Record<string, unknown>[] | null;
  index: number;
  contractId: string | null;
  checklistId: string | null;
  revision: number | null;
}

export interface ChecklistBatchResponseDto {
  results: ChecklistBatchResultDto[];
  fiscalYear: number;
  created: number;
  unchanged: number;
  failed: number;
}

export interface CreateDocumentRequestDto {
  kind: "MDS" | "SDS" | "RM-SDS" | "checklist";
  /** An active contract of the pharmacy (or of one of the chain's stores). */
  contractId: string;
  /** MDS/SDS/RM-SDS: the product (covered by the contract) the document is for. Required when the contract covers several products; defaults to the only one otherwise. Not for checklists. */
  productId?: string | null;
  /** Checklist requests: the 年度 (Gregorian year it starts in, 2025 = 令和7年度). Required for them, refused otherwise. */
  fiscalYear?: number | null;
  /** A chain acting for a store may name it; it must be the contract's customer. */
  pharmacyId?: string | null;
  message?: string | null;
  /** 期限 (YYYY-MM-DD, today or later in Japan). */
  dueOn?: string | null;
}

export interface RequestProductDto {
  id: string;
  name: string;
}

export interface FulfilledDocumentDto {
  type: "disclosure" | "checklist";
  /** Disclosures: the product version it covers. */
  productVersion?: string | null;
  id: string;
  revision: number;
  /** Fulfilled by the publication itself (no one pointed at it). */
  automatically: boolean;
}

export interface RequestCustomerDto {
  id: string;
  name: string;
  pharmacyCode: string | null;
}

export interface RequestPartyDto {
  id: string;
  name: string;
}

export interface DocumentRequestDto {
  kind: "MDS" | "SDS" | "RM-SDS" | "checklist";
  status: "open" | "fulfilled" | "declined";
  product?: RequestProductDto | null;
  fiscalYear?: number | null;
  /** e.g. 令和7年度 */
  fiscalYearLabel?: string | null;
  message?: string | null;
  dueOn?: string | null;
  fulfilledDocument?: FulfilledDocumentDto | null;
  declineReason?: string | null;
  decidedAt?: string | null;
  /** Your side of the request. */
  yourRole: "addressee" | "customer";
  id: string;
  contractId: string;
  kindLabel: string;
  statusLabel: string;
  /** Open and past its 期限 (in Japan). */
  overdue: boolean;
  /** The pharmacy the document is for. */
  customer: RequestCustomerDto;
  /** Who is asked: the contract's vendor, or its agent (代理店) for an RM-SDS. */
  addressee: RequestPartyDto;
  /** Who asked: the pharmacy or its chain. */
  requestedBy: RequestPartyDto;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentRequestPageDto {
  items: DocumentRequestDto[];
  nextCursor?: string | null;
}

export interface FulfilDocumentRequestDto {
  /** MDS/SDS/RM-SDS requests: a published disclosure of yours, of that kind (and product), that the customer can see. */
  disclosureId?: string | null;
  /** Checklist requests: a submitted 事業者確認用 checklist of the same contract and 年度. */
  checklistId?: string | null;
}

export interface DeclineDocumentRequestDto {
  /** Why the document will not be provided (shown to the pharmacy). */
  reason: string;
}

export interface OpenRiskThreadDto {
  documentType: "disclosure" | "checklist";
  /** The disclosure, or the submitted checklist revision (its id), the item is answered in. */
  documentId: string;
  /** The item as printed on the form, e.g. "2" or "2-③". */
  itemId: string;
  /** The first message to the vendor: what the pharmacy wants to know. */
  message: string;
  /** By when the pharmacy expects an answer (YYYY-MM-DD, not in the past). */
  dueOn?: string | null;
  /** A chain acting for one of its stores: which store (the thread belongs to that store). */
  pharmacyId?: string | null;
}

export interface RiskThreadActorDto {
  type: "user" | "client";
  organizationId: string;
  organizationName: string;
  id: string;
  /** A user's display name or an API client's name. */
  label: string;
}

export interface RiskThreadResolutionDto {
  outcome: "risk_accepted" | "mitigated" | "fix_planned" | "not_applicable";
  outcomeLabel: string;
  note: string | null;
  fixDueOn: string | null;
  /** The vendor's planned fix date has passed (fix_planned only). */
  fixOverdue: boolean;
  resolvedBy: RiskThreadActorDto;
  resolvedAt: string;
}

export interface RiskThreadMessageDto {
  side: "vendor" | "pharmacy";
  id: string;
  author: RiskThreadActorDto;
  body: string;
  /** When the author last changed the text (the previous text is in the thread's history). */
  editedAt: string | null;
  /** You wrote it and may change it while the thread is open. */
  yours: boolean;
  createdAt: string;
}

export interface RiskThreadHistoryDto {
  details: Record<string, unknown>;
  id: number;
  /** opened, status_changed, due_date_changed, message_edited, resolved, reopened. */
  kind: string;
  actorOrganizationId: string | null;
  actorLabel: string | null;
  createdAt: string;
}

export interface RiskThreadDocumentStateDto {
  /** The document's status now (published, superseded, withdrawn, submitted). */
  status: string;
  /** A newer revision replaced the document the thread was opened on. */
  superseded: boolean;
  withdrawn: boolean;
  /** The newest revision you can see, when it is not the thread's document. */
  latestDocumentId: string | null;
  /** The item's answer in that newest revision (null: not answered there, or no newer revision). */
  latestAnswer: string | null;
}

export interface RiskThreadPartyDto {
  id: string;
  name: string;
}

export interface RiskThreadSnapshotDto {
  documentType: "disclosure" | "checklist";
  documentId: string;
  /** How people name the document: "SDS 薬局クラウド 6.0 第2版", "令和7年度 事業者確認用チェックリスト 第1版". */
  documentLabel: string;
  /** MDS, SDS, RM-SDS or checklist. */
  documentKind: string;
  documentRevision: number;
  /** The document's status when the thread was opened. */
  documentStatus: string;
  formId: string;
  formLabel: string;
  itemId: string;
  itemText: string;
  itemTextEn: string | null;
  section: string | null;
  answer: string;
  remarks: string | null;
  /** Checklists: 確認日 and 目標日 of the answer. */
  confirmedOn?: string | null;
  targetOn?: string | null;
  /** Checklists: the same item's number on the pharmacy's own checklist, where it differs. */
  counterpartItemId?: string | null;
  fiscalYear?: number | null;
  contractId?: string | null;
  productId?: string | null;
  productName: string | null;
  productVersion?: string | null;
  vendorId: string;
  vendorName: string;
  /** Who wrote the document: the vendor, or for an RM-SDS possibly its agent. */
  authorName: string;
  /** When the document was published or submitted. */
  issuedAt: string | null;
  takenAt: string;
}

export interface RiskThreadDetailDto {
  status: "waiting_vendor" | "waiting_pharmacy" | "resolved";
  documentType: "disclosure" | "checklist";
  resolution?: RiskThreadResolutionDto | null;
  /** Your side of the thread. */
  yourSide: "vendor" | "pharmacy";
  messages: RiskThreadMessageDto[];
  history: RiskThreadHistoryDto[];
  /** Shortcut for documentState.superseded. */
  documentSuperseded: boolean;
  documentState: RiskThreadDocumentStateDto;
  id: string;
  /** 事業者回答待ち, 薬局確認待ち or 解決済み. */
  statusLabel: string;
  dueOn: string | null;
  /** Not resolved and the due date has passed (Japan time). */
  overdue: boolean;
  documentId: string;
  itemId: string;
  /** The pharmacy the thread is about (a chain's store when a chain opened it). */
  customer: RiskThreadPartyDto;
  /** The party that answers: the document's author. */
  vendor: RiskThreadPartyDto;
  openedBy: RiskThreadActorDto;
  snapshot: RiskThreadSnapshotDto;
  messageCount: number;
  lastMessageAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RiskThreadDto {
  status: "waiting_vendor" | "waiting_pharmacy" | "resolved";
  documentType: "disclosure" | "checklist";
  resolution?: RiskThreadResolutionDto | null;
  /** Your side of the thread. */
  yourSide: "vendor" | "pharmacy";
  id: string;
  /** 事業者回答待ち, 薬局確認待ち or 解決済み. */
  statusLabel: string;
  dueOn: string | null;
  /** Not resolved and the due date has passed (Japan time). */
  overdue: boolean;
  documentId: string;
  itemId: string;
  /** The pharmacy the thread is about (a chain's store when a chain opened it). */
  customer: RiskThreadPartyDto;
  /** The party that answers: the document's author. */
  vendor: RiskThreadPartyDto;
  openedBy: RiskThreadActorDto;
  snapshot: RiskThreadSnapshotDto;
  messageCount: number;
  lastMessageAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RiskThreadPageDto {
  items: RiskThreadDto[];
  nextCursor?: string | null;
}

export interface UpdateRiskThreadDto {
  /** The new due date (YYYY-MM-DD, not in the past), or null to clear it. */
  dueOn: string | null;
}

export interface RiskThreadMessageInputDto {
  body: string;
}

export interface ResolveRiskThreadDto {
  outcome: "risk_accepted" | "mitigated" | "fix_planned" | "not_applicable";
  /** How the risk is mitigated (required for mitigated), or any remark on the decision. */
  note?: string | null;
  /** fix_planned: by when the vendor will have fixed it (YYYY-MM-DD, not in the past). */
  fixDueOn?: string | null;
}

export interface ReopenRiskThreadDto {
  /** Why the thread is opened again (kept in its history). */
  reason?: string | null;
}

export interface ReviewQueueProductDto {
  id: string;
  name: string;
  version: string;
}

export interface ReviewQueueEntryDto {
  documentType: "disclosure" | "checklist";
  /** Disclosures: the product and version disclosed. */
  product?: ReviewQueueProductDto | null;
  documentId: string;
  /** MDS, SDS, RM-SDS or checklist. */
  documentKind: string;
  /** "SDS 薬局クラウド 6.0 第2版", "令和7年度 事業者確認用チェックリスト 第1版". */
  documentLabel: string;
  documentRevision: number;
  itemId: string;
  itemText: string;
  itemTextEn: string | null;
  section: string | null;
  /** いいえ or 対象外. */
  answer: string;
  remarks: string | null;
  /** Checklists: 確認日 and 目標日 of the answer. */
  confirmedOn: string | null;
  targetOn: string | null;
  /** Checklists: the item's number on the pharmacy's own checklist (薬局確認用), where it differs. */
  counterpartItemId: string | null;
  pharmacy: { id: string; name: string };
  vendor: { id: string; name: string };
  author: { id: string; name: string };
  /** Checklists: the products the contract covers. */
  productNames: string | null;
  contractId: string | null;
  fiscalYear: number | null;
  /** When the document was published or submitted. */
  issuedAt: string;
}

export interface ReviewQueuePageDto {
  items: ReviewQueueEntryDto[];
  nextCursor?: string | null;
}

export interface MarkReviewedDto {
  documentType: "disclosure" | "checklist";
  /** The disclosure, or the submitted checklist revision. */
  documentId: string;
  itemId: string;
  /** What the reviewer concluded (kept with the review). */
  note?: string | null;
  /** A chain acting for one of its stores (for a checklist the store follows from the contract). */
  pharmacyId?: string | null;
}

export interface AnswerReviewDto {
  documentType: "disclosure" | "checklist";
  pharmacyId: string;
  documentId: string;
  itemId: string;
  answer: string;
  note: string | null;
  reviewedBy: string | null;
  reviewedAt: string;
}

export interface RemoteMaintenanceGatewayInputDto {
  /** Maker of the VPN / gateway device at the pharmacy, e.g. "Fortinet". */
  maker: string;
  model: string;
  firmwareVersion: string;
  /** The day the firmware was last patched (YYYY-MM-DD, not in the future). */
  lastPatchedOn: string;
}

export interface PutRemoteMaintenanceDto {
  connectionMethod?: "internet_vpn" | "closed_network" | "remote_desktop_internet" | "cloud_relay" | "other" | null;
  availability?: "always_on" | "on_demand" | null;
  /** A product the contract covers. */
  productId: string;
  /** Whether the product's devices are maintained remotely. */
  inUse: boolean;
  /** Which devices are maintained remotely (レセコンサーバ, 調剤機器…). */
  devices?: string | null;
  connectionNote?: string | null;
  /** The VPN or gateway device the connection goes through (optional for a closed network). */
  gateway?: RemoteMaintenanceGatewayInputDto | null;
  /** Two-factor authentication on the remote-maintenance connection. */
  twoFactor?: boolean | null;
  /** Connections only from registered source addresses (接続元制限). */
  sourceRestricted?: boolean | null;
  /** Every remote session is logged. */
  sessionLogging?: boolean | null;
  /** Credentials are unique to this customer (not shared across customers). */
  uniqueCredentials?: boolean | null;
  /** Your published RM-SDS of this product that describes the remote-maintenance service. */
  rmSdsDisclosureId?: string | null;
  notes?: string | null;
}

export interface RemoteMaintenanceRiskDto {
  severity: "none" | "low" | "medium" | "high";
  /** gateway_firmware_stale, no_two_factor, shared_credentials, no_source_restriction, remote_desktop_internet, no_session_logging */
  code: string;
  label: string;
  detail: string;
}

export interface RemoteMaintenancePartyDto {
  id: string;
  name: string;
}

export interface RemoteMaintenanceGatewayDto {
  maker: string | null;
  model: string | null;
  firmwareVersion: string | null;
  lastPatchedOn: string | null;
  /** Days since the last patch (today in Japan). */
  daysSincePatch: number | null;
}

export interface RmSdsReferenceDto {
  id: string;
  productVersion: string;
  revision: number;
  status: string;
}

export interface RemoteMaintenanceConfirmationDto {
  confirmedAt: string;
  /** The user (or API client) who confirmed. */
  confirmedBy: string | null;
  confirmedByName: string | null;
  organization: RemoteMaintenancePartyDto;
}

export interface RemoteMaintenanceDisclosureDto {
  authorRole: "vendor" | "agent";
  connectionMethod?: "internet_vpn" | "closed_network" | "remote_desktop_internet" | "cloud_relay" | "other" | null;
  availability?: "always_on" | "on_demand" | null;
  risks: RemoteMaintenanceRiskDto[];
  riskLevel: "none" | "low" | "medium" | "high";
  id: string;
  contractId: string;
  productId: string;
  revision: number;
  current: boolean;
  /** Who performs the remote maintenance and wrote this: the vendor or its agent. */
  author: RemoteMaintenancePartyDto;
  inUse: boolean;
  devices: string | null;
  connectionMethodLabel: string | null;
  connectionNote: string | null;
  gateway: RemoteMaintenanceGatewayDto;
  twoFactor: boolean | null;
  sourceRestricted: boolean | null;
  sessionLogging: boolean | null;
  availabilityLabel: string | null;
  uniqueCredentials: boolean | null;
  rmSds: RmSdsReferenceDto | null;
  notes: string | null;
  riskLevelLabel: string;
  confirmation: RemoteMaintenanceConfirmationDto | null;
  /** The current revision still waits for the pharmacy's confirmation. */
  awaitingConfirmation: boolean;
  createdAt: string;
}

export interface ProductRemoteMaintenanceDto {
  /** With ?history=true: every revision, newest first. */
  revisions?: RemoteMaintenanceDisclosureDto[] | null;
  product: { id: string; name: string; category: string };
  /** The current disclosure; null when none was made yet. */
  current: RemoteMaintenanceDisclosureDto | null;
}

export interface ContractRemoteMaintenanceDto {
  products: ProductRemoteMaintenanceDto[];
  contractId: string;
  vendor: RemoteMaintenancePartyDto;
  agent: RemoteMaintenancePartyDto | null;
  customer: { id: string; name: string | null };
}

export interface ConfirmRemoteMaintenanceDto {
  productId: string;
  /** The revision read: it must still be the current one. */
  revision: number;
}

export interface SaveFacilityChecklistDto {
  /** The form version; by default the 薬局確認用 of this 年度. */
  formId?: string | null;
  /** The pharmacy's answers (はい/いいえ, 確認日, 目標日 for いいえ, 備考); they replace the saved ones. Items derived from Kaiji's data (2-②, 2-③) are not accepted. */
  answers: ChecklistAnswerInputDto[];
}

export interface FacilityChecklistGapDto {
  /** remote_maintenance_undisclosed, remote_maintenance_unconfirmed, security_disclosure_missing, rm_sds_missing */
  code: string;
  label: string;
  productId: string;
  productName: string;
}

export interface FacilityChecklistContractDerivationDto {
  missing: FacilityChecklistGapDto[];
  contractId: string;
  vendorId: string;
  vendorName: string;
  satisfied: boolean;
}

export interface FacilityChecklistDerivationDto {
  answer: "はい" | "いいえ" | "記入不要";
  /** Each maintenance or operation contract in force during the 年度, and what it still lacks. */
  contracts: FacilityChecklistContractDerivationDto[];
  /** Why, in Japanese. */
  reason: string;
  confirmedOn: string | null;
}

export interface FacilityChecklistItemDto {
  derivation?: FacilityChecklistDerivationDto | null;
  itemId: string;
  section: string | null;
  scope: string | null;
  text: string;
  textEn: string | null;
  /** As printed, e.g. ※事業者と契約していない場合には、記入不要 */
  condition: string | null;
  /** Answered from Kaiji's data (2-②, 2-③), not by the pharmacy. */
  derived: boolean;
  answer: string | null;
  confirmedOn: string | null;
  targetOn: string | null;
  remarks: string | null;
  /** いいえ with a 目標日 already past. */
  targetOverdue: boolean;
}

export interface FacilityChecklistDto {
  items: FacilityChecklistItemDto[];
  /** null until the pharmacy first saves answers for the 年度. */
  id: string | null;
  facility: { id: string; name: string; pharmacyCode: string | null };
  fiscalYear: number;
  fiscalYearLabel: string;
  formId: string;
  formLabel: string;
  /** A newer version of this 年度's form exists: answers should be given again on it. */
  formOutdated: boolean;
  newerFormId: string | null;
  /** Number of いいえ answers, derived ones included. */
  noCount: number;
  /** Required items the pharmacy has not answered yet. */
  missingItems: string[];
  updatedAt: string | null;
}

export interface StandingSecurityDisclosureDto {
  kind?: "MDS" | "SDS" | null;
  /** Owed under a maintenance or operation contract (2-③). */
  required: boolean;
  received: boolean;
  disclosureId: string | null;
  productVersion: string | null;
  publishedAt: string | null;
}

export interface StandingPartyDto {
  id: string;
  name: string;
}

export interface StandingRemoteMaintenanceDto {
  riskLevel?: "none" | "low" | "medium" | "high" | null;
  /** Owed under a maintenance or operation contract (2-②). */
  required: boolean;
  disclosed: boolean;
  disclosureId: string | null;
  revision: number | null;
  inUse: boolean | null;
  performedBy: StandingPartyDto | null;
  /** The current revision is confirmed by the pharmacy (or its chain). */
  confirmed: boolean;
  confirmedAt: string | null;
}

export interface StandingRmSdsDto {
  /** Remote maintenance is in use under a maintenance or operation contract: its performer owes an RM-SDS. */
  required: boolean;
  received: boolean;
  disclosureId: string | null;
  publishedAt: string | null;
}

export interface StandingProductDto {
  id: string;
  name: string;
  category: string;
  deployment: string;
  securityDisclosure: StandingSecurityDisclosureDto;
  remoteMaintenance: StandingRemoteMaintenanceDto;
  rmSds: StandingRmSdsDto;
}

export interface StandingChecklistDto {
  status: "received" | "form_outdated" | "missing" | "not_required";
  statusLabel: string;
  /** The latest submitted revision for the 年度. */
  checklistId: string | null;
  revision: number | null;
  submittedAt: string | null;
  formId: string | null;
  /** A newer version of the same 年度's form, which the answers should be given on again. */
  newerFormId: string | null;
  /** Number of いいえ answers. */
  noCount: number;
  /** いいえ answers whose 目標日 has passed. */
  overdueTargetCount: number;
}

export interface StandingContractDto {
  kind: "sale_only" | "maintenance" | "operation";
  products: StandingProductDto[];
  contractId: string;
  kindLabel: string;
  vendor: StandingPartyDto;
  agent: StandingPartyDto | null;
  startsOn: string;
  endsOn: string | null;
  checklist: StandingChecklistDto;
  openRequests: number;
  overdueRequests: number;
  /** Risk-communication threads not resolved yet. */
  openThreads: number;
}

export interface StandingMissingDto {
  /** checklist_missing, checklist_form_outdated, checklist_target_overdue, security_disclosure_missing, remote_maintenance_undisclosed, remote_maintenance_unconfirmed, rm_sds_missing */
  code: string;
  /** What to do, in Japanese, for the 管理薬剤師. */
  label: string;
  contractId: string;
  vendorId: string;
  productId: string | null;
}

export interface StandingSummaryDto {
  vendors: number;
  contracts: number;
  checklistsReceived: number;
  checklistsOutdated: number;
  checklistsMissing: number;
  checklistsNotRequired: number;
  noAnswers: number;
  overdueTargets: number;
  productsWithoutSecurityDisclosure: number;
  remoteMaintenanceUnconfirmed: number;
  openRequests: number;
  openThreads: number;
}

export interface StandingDto {
  contracts: StandingContractDto[];
  missing: StandingMissingDto[];
  pharmacy: { id: string; name: string; pharmacyCode: string | null };
  fiscalYear: number;
  fiscalYearLabel: string;
  /** The 事業者確認用 form for pharmacies of this 年度; null while none is catalogued. */
  vendorChecklistFormId: string | null;
  summary: StandingSummaryDto;
}

export interface CreateWebhookDto {
  /** The event types to receive (at least one). */
  events: ("contract.proposed" | "contract.accepted" | "disclosure.published" | "checklist.submitted" | "document_request.created" | "document_request.fulfilled" | "document_request.declined" | "risk_thread.opened" | "risk_thread.message" | "risk_thread.resolved" | "remote_maintenance.disclosed" | "remote_maintenance.confirmed")[];
  /** Where events are POSTed: https (plain http only outside production); never a private, loopback or link-local address. */
  url: string;
  description?: string | null;
}

export interface WebhookWithSecretDto {
  events: ("contract.proposed" | "contract.accepted" | "disclosure.published" | "checklist.submitted" | "document_request.created" | "document_request.fulfilled" | "document_request.declined" | "risk_thread.opened" | "risk_thread.message" | "risk_thread.resolved" | "remote_maintenance.disclosed" | "remote_maintenance.confirmed")[];
  /** The HMAC-SHA256 signing key (`whsec_…`): store it now. */
  secret: string;
  id: string;
  organizationId: string;
  url: string;
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDto {
  events: ("contract.proposed" | "contract.accepted" | "disclosure.published" | "checklist.submitted" | "document_request.created" | "document_request.fulfilled" | "document_request.declined" | "risk_thread.opened" | "risk_thread.message" | "risk_thread.resolved" | "remote_maintenance.disclosed" | "remote_maintenance.confirmed")[];
  id: string;
  organizationId: string;
  url: string;
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookPageDto {
  items: WebhookDto[];
  nextCursor?: string | null;
}

export interface UpdateWebhookDto {
  events?: ("contract.proposed" | "contract.accepted" | "disclosure.published" | "checklist.submitted" | "document_request.created" | "document_request.fulfilled" | "document_request.declined" | "risk_thread.opened" | "risk_thread.message" | "risk_thread.resolved" | "remote_maintenance.disclosed" | "remote_maintenance.confirmed")[] | null;
  /** null clears it. */
  description?: string | null;
  url?: string | null;
  active?: boolean | null;
}

export interface WebhookDeliveryDto {
  eventType: "contract.proposed" | "contract.accepted" | "disclosure.published" | "checklist.submitted" | "document_request.created" | "document_request.fulfilled" | "document_request.declined" | "risk_thread.opened" | "risk_thread.message" | "risk_thread.resolved" | "remote_maintenance.disclosed" | "remote_maintenance.confirmed";
  status: "succeeded" | "failed";
  /** The receiver's HTTP status, when it answered. */
  responseStatus?: number | null;
  error?: string | null;
  durationMs?: number | null;
  id: string;
  eventId: string;
  /** 1 for the first attempt, then each retry. */
  attempt: number;
  createdAt: string;
}

export interface WebhookDeliveryPageDto {
  items: WebhookDeliveryDto[];
  nextCursor?: string | null;
}
