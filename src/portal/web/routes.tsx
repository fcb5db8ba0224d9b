import { Navigate, useLocation, useParams, type RouteObject } from 'react-router';
import { useAuth } from './auth/auth-context';
import { Loading } from './components/feedback';
import { Layout } from './components/layout';
import { AccountPage } from './pages/auth/account-page';
import { ForgotPasswordPage } from './pages/auth/forgot-password-page';
import { LoginPage } from './pages/auth/login-page';
import { ResetPasswordPage } from './pages/auth/reset-password-page';
import { UnsubscribePage } from './pages/auth/unsubscribe-page';
import { AcceptInvitationPage } from './pages/auth/accept-invitation-page';
import { NotFoundPage } from './pages/not-found-page';
import { NotificationsPage } from './pages/notifications-page';
import { ContractPage } from './pages/pharmacy/contract-page';
import { DisclosurePage } from './pages/pharmacy/disclosure-page';
import { OwnChecklistPage } from './pages/pharmacy/own-checklist-page';
import { ReviewQueuePage } from './pages/pharmacy/review-queue-page';
import { StandingPage } from './pages/pharmacy/standing-page';
import { RequestPage } from './pages/requests/request-page';
import { RequestsPage } from './pages/requests/requests-page';
import { ThreadPage } from './pages/threads/thread-page';
import { ThreadsPage } from './pages/threads/threads-page';
import { AuditPage } from './pages/admin/audit-page';
import { IdentityChangesPage } from './pages/admin/identity-changes-page';
import { PendingPharmaciesPage } from './pages/admin/pending-pharmacies-page';
import { MailDeliveriesPage } from './pages/admin/mail-deliveries-page';
import { OperatorPage } from './pages/admin/operator-page';
import { FormsPage } from './pages/admin/forms-page';
import { OrganizationPage } from './pages/admin/organization-page';
import { UsersPage } from './pages/admin/users-page';
import { CollectionPage } from './pages/chain/collection-page';
import { FollowupPage } from './pages/chain/followup-page';
import { FollowupsPage } from './pages/chain/followups-page';
import { MatrixPage } from './pages/chain/matrix-page';
import { NewFollowupPage } from './pages/chain/new-followup-page';
import { StoresPage } from './pages/chain/stores-page';
import { VendorDrillPage } from './pages/chain/vendor-page';
import { ApiClientsPage } from './pages/vendor/api-clients-page';
import { WebhooksPage } from './pages/admin/webhooks-page';
import { AnswerSetEditorPage } from './pages/vendor/answer-sets/answer-set-editor-page';
import { AnswerSetsPage } from './pages/vendor/answer-sets/answer-sets-page';
import { ApplyAnswerSetPage } from './pages/vendor/answer-sets/apply-page';
import { ContractsPage } from './pages/vendor/contracts-page';
import { CustomersPage } from './pages/vendor/customers-page';
import { InboxPage } from './pages/vendor/inbox-page';
import { DisclosureEditorPage } from './pages/vendor/disclosures/disclosure-editor-page';
import { DisclosuresPage } from './pages/vendor/disclosures/disclosures-page';
import { NewDisclosurePage } from './pages/vendor/disclosures/new-disclosure-page';
import { ProductsPage } from './pages/vendor/products-page';
import { RemoteMaintenancePage } from './pages/vendor/remote-maintenance-page';
import { WorkbooksPage } from './pages/vendor/workbooks-page';
import { ContactChartPage } from './pages/contact-chart/contact-chart-page';
import { IncidentContactPage } from './pages/contact-chart/incident-contact-page';
import { EvidencePage } from './pages/evidence/evidence-page';

/** Pages behind the login; a reload restores the session from the refresh token first. */
function RequireLogin() {
  const { me, loggedOut } = useAuth();
  const location = useLocation();
  if (me === undefined) return <Loading label="セッションを確認しています…" />;
  if (me === null) return <Navigate to="/login" replace state={loggedOut ? null : { from: location.pathname + location.search }} />;
  // An account that must first set a new password (an admin reset it) or enrol 2FA (its organization
  // requires it, the operator's always, or an admin reset it) can do nothing else until it has.
  if ((me.passwordChangeRequired || me.twoFactorEnrolmentRequired) && location.pathname !== '/account') return <Navigate to="/account" replace />;
  return <Layout />;
}

/** Each kind of organization starts on its own screen. */
function Home() {
  const { me } = useAuth();
  switch (me?.organization.kind) {
    case 'pharmacy':
      return <Navigate to="/pharmacy" replace />;
    case 'chain':
      return <Navigate to="/chain" replace />;
    case 'vendor':
      return <Navigate to="/vendor" replace />;
    case 'operator':
      return <Navigate to="/operator" replace />;
    case undefined:
      return <Navigate to="/login" replace />;
  }
}

/** The API's notification links (/contracts/{id}/checklists/{fy}, …/remote-maintenance) land on the contract's page. */
function ContractAlias() {
  const { contractId = '', fiscalYear } = useParams();
  return <Navigate to={`/contracts/${contractId}${fiscalYear ? `?fy=${fiscalYear}` : ''}`} replace />;
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/unsubscribe', element: <UnsubscribePage /> },
  { path: '/invitations/accept', element: <AcceptInvitationPage /> },
  {
    element: <RequireLogin />,
    children: [
      { index: true, element: <Home /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'notifications', element: <NotificationsPage /> },
      { path: 'pharmacy', element: <StandingPage /> },
      { path: 'pharmacies/:pharmacyId', element: <StandingPage /> },
      { path: 'pharmacies/:pharmacyId/own-checklist', element: <OwnChecklistPage /> },
      { path: 'own-checklist', element: <OwnChecklistPage /> },
      { path: 'contact-chart', element: <ContactChartPage /> },
      { path: 'pharmacies/:pharmacyId/contact-chart', element: <ContactChartPage /> },
      { path: 'evidence', element: <EvidencePage /> },
      { path: 'pharmacies/:pharmacyId/evidence', element: <EvidencePage /> },
      { path: 'vendor/incident-contact', element: <IncidentContactPage /> },
      { path: 'review-queue', element: <ReviewQueuePage /> },
      { path: 'contracts/:contractId', element: <ContractPage /> },
      { path: 'contracts/:contractId/checklists/:fiscalYear', element: <ContractAlias /> },
      { path: 'contracts/:contractId/remote-maintenance', element: <ContractAlias /> },
      { path: 'disclosures/:disclosureId', element: <DisclosurePage /> },
      { path: 'requests', element: <RequestsPage /> },
      { path: 'document-requests', element: <Navigate to="/requests" replace /> },
      { path: 'requests/:requestId', element: <RequestPage /> },
      { path: 'document-requests/:requestId', element: <RequestPage /> },
      { path: 'threads', element: <ThreadsPage /> },
      { path: 'threads/:threadId', element: <ThreadPage /> },
      { path: 'risk-threads', element: <Navigate to="/threads" replace /> },
      { path: 'risk-threads/:threadId', element: <ThreadPage /> },
      { path: 'chain', element: <MatrixPage /> },
      { path: 'chain/vendors/:vendorId', element: <VendorDrillPage /> },
      { path: 'chain/collection', element: <CollectionPage /> },
      { path: 'chain/stores', element: <StoresPage /> },
      { path: 'chain/follow-ups', element: <FollowupsPage /> },
      { path: 'chain/follow-ups/new', element: <NewFollowupPage /> },
      { path: 'chain/follow-ups/:followupId', element: <FollowupPage /> },
      { path: 'followups/:followupId', element: <FollowupPage /> },
      { path: 'vendor', element: <InboxPage /> },
      { path: 'vendor/customers', element: <CustomersPage /> },
      { path: 'vendor/disclosures', element: <DisclosuresPage /> },
      { path: 'vendor/disclosures/new', element: <NewDisclosurePage /> },
      { path: 'vendor/disclosures/:disclosureId', element: <DisclosureEditorPage /> },
      { path: 'vendor/contracts', element: <ContractsPage /> },
      { path: 'vendor/products', element: <ProductsPage /> },
      { path: 'vendor/remote-maintenance', element: <RemoteMaintenancePage /> },
      { path: 'vendor/workbooks', element: <WorkbooksPage /> },
      { path: 'vendor/api-clients', element: <ApiClientsPage /> },
      { path: 'vendor/answer-sets', element: <AnswerSetsPage /> },
      { path: 'vendor/answer-sets/new', element: <AnswerSetEditorPage /> },
      { path: 'vendor/answer-sets/:answerSetId', element: <AnswerSetEditorPage /> },
      { path: 'vendor/answer-sets/:answerSetId/apply', element: <ApplyAnswerSetPage /> },
      { path: 'admin/users', element: <UsersPage /> },
      { path: 'admin/organization', element: <OrganizationPage /> },
      { path: 'admin/audit', element: <AuditPage /> },
      { path: 'admin/mail', element: <MailDeliveriesPage /> },
      { path: 'admin/webhooks', element: <WebhooksPage /> },
      { path: 'operator', element: <OperatorPage /> },
      { path: 'operator/forms', element: <FormsPage /> },
      { path: 'operator/identity-changes', element: <IdentityChangesPage /> },
      { path: 'operator/pending-pharmacies', element: <PendingPharmaciesPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
