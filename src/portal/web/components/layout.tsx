import { useEffect, useRef, type ReactNode } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth, useMe, type OrgKind } from '../auth/auth-context';
import { useAsync } from '../lib/use-async';
import { notifications } from '../api/endpoints';

interface NavItem {
  to: string;
  label: string;
  en: string;
}

const NAV: Record<OrgKind, NavItem[]> = {
  pharmacy: [
    { to: '/pharmacy', label: 'ダッシュボード', en: 'Dashboard' },
    { to: '/requests', label: '書類の依頼', en: 'Requests' },
    { to: '/threads', label: 'リスクコミュニケーション', en: 'Threads' },
    { to: '/review-queue', label: '要確認の回答', en: 'Review queue' },
    { to: '/own-checklist', label: '薬局確認用チェックリスト', en: 'Own checklist' },
    { to: '/contact-chart', label: '連絡体制図', en: 'Contact chart' },
    { to: '/evidence', label: '証跡・規程類', en: 'Evidence' },
  ],
  chain: [
    { to: '/chain', label: '店舗×事業者', en: 'Matrix' },
    { to: '/chain/collection', label: '収集状況の推移', en: 'Collection' },
    { to: '/chain/follow-ups', label: '一括フォローアップ', en: 'Follow-ups' },
    { to: '/chain/stores', label: '店舗一覧', en: 'Stores' },
    { to: '/requests', label: '書類の依頼', en: 'Requests' },
    { to: '/threads', label: 'スレッド', en: 'Threads' },
  ],
  vendor: [
    { to: '/vendor', label: '受信箱', en: 'Inbox' },
    { to: '/vendor/customers', label: '顧客別の提出状況', en: 'Customers' },
    { to: '/vendor/disclosures', label: 'MDS/SDS', en: 'Disclosures' },
    { to: '/vendor/contracts', label: '契約と提案', en: 'Contracts' },
    { to: '/vendor/answer-sets', label: '回答セット', en: 'Answer sets' },
    { to: '/vendor/products', label: '製品・サービス', en: 'Products' },
    // Agents (代理店) are vendor organizations named on other vendors' contracts: the same menu serves them.
    { to: '/vendor/remote-maintenance', label: 'リモートメンテナンス', en: 'Remote maintenance' },
    { to: '/vendor/incident-contact', label: 'インシデント連絡窓口', en: 'Incident contact' },
    { to: '/vendor/workbooks', label: 'Excelで一括回答', en: 'Excel workbooks' },
    { to: '/vendor/api-clients', label: 'APIクライアント', en: 'API clients' },
  ],
  operator: [
    { to: '/operator', label: '組織一覧', en: 'Organizations' },
    { to: '/operator/identity-changes', label: '名称・法人番号の変更申請', en: 'Identity changes' },
    { to: '/operator/pending-pharmacies', label: '招待された薬局の承認', en: 'Invited pharmacies' },
    { to: '/operator/forms', label: '様式の版', en: 'Form versions' },
  ],
};

const ADMIN_NAV: NavItem[] = [
  { to: '/admin/users', label: 'ユーザー', en: 'Users' },
  { to: '/admin/organization', label: '組織の設定', en: 'Settings' },
  { to: '/admin/audit', label: '監査ログ', en: 'Audit log' },
  { to: '/admin/mail', label: 'メール送信履歴', en: 'Mail' },
  { to: '/admin/webhooks', label: 'Webhook', en: 'Webhooks' },
];

export function Layout() {
  const me = useMe();
  const { logout } = useAuth();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const unread = useAsync(() => notifications.list({ limit: 1, unreadOnly: true }), [location.pathname]);
  const items = [...NAV[me.organization.kind], ...(me.role === 'admin' ? ADMIN_NAV : [])];

  // Moving to another screen moves keyboard focus to its content, as a page load would.
  useEffect(() => {
    main.current?.focus();
  }, [location.pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        本文へ移動 (Skip to content)
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            開
          </span>
          <span>
            Kaiji <small>開示ポータル</small>
          </span>
        </div>
        <div className="who">
          <span className="who-org">{me.organization.name}</span>
          <span className="who-user">{me.displayName ?? me.email}</span>
        </div>
        <nav className="topbar-actions" aria-label="アカウント">
          <NavLink to="/notifications" className="toplink">
            通知
            {unread.data && unread.data.unreadCount > 0 && (
              <span className="count" aria-label={`未読 ${unread.data.unreadCount}件`}>
                {unread.data.unreadCount}
              </span>
            )}
          </NavLink>
          <NavLink to="/account" className="toplink">
            アカウント
          </NavLink>
          <button
            type="button"
            className="toplink"
            onClick={() => {
              void logout();
            }}
          >
            ログアウト
          </button>
        </nav>
      </header>
      {me.passwordChangeRequired && location.pathname !== '/account' && (
        <div className="alert alert-warning banner" role="alert">
          管理者がパスワードをリセットしました。<NavLink to="/account">アカウント画面で新しいパスワードを設定してください。</NavLink>
        </div>
      )}
      {me.twoFactorEnrolmentRequired && location.pathname !== '/account' && (
        <div className="alert alert-warning banner" role="alert">
          二要素認証の登録が必要です。<NavLink to="/account">アカウント画面で登録してください。</NavLink>
        </div>
      )}
      <nav className="sidenav" aria-label="メインメニュー (Main menu)">
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to.split('/').length === 2}>
                {item.label}
                <span className="en">{item.en}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

/** A screen's heading with its English gloss, an optional line beneath (which 年度 it shows) and optional actions on the right. */
export function PageHeader({ title, en, lead, children }: { title: string; en?: string; lead?: ReactNode; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} | Kaiji 開示ポータル`;
  }, [title]);
  return (
    <div className="page-header">
      <div className="page-title">
        <h1>
          {title}
          {en && <span className="en">{en}</span>}
        </h1>
        {lead}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
