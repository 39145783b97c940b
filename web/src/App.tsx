import type { ReactNode } from 'react';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { AuthProvider, useAuth } from './auth.tsx';
import { Brand, Loading } from './components.tsx';
import { AccessPage } from './pages/Access.tsx';
import { AuditPage } from './pages/Audit.tsx';
import { BreakersPage } from './pages/Breakers.tsx';
import { OverviewPage } from './pages/Overview.tsx';
import { PaymentDetailPage } from './pages/PaymentDetail.tsx';
import { PaymentsPage } from './pages/Payments.tsx';
import { PayeesPage } from './pages/Payees.tsx';
import { PayoutsPage } from './pages/Payouts.tsx';
import { SettlementReportPage } from './pages/SettlementReport.tsx';
import { PolicyPage } from './pages/Policy.tsx';
import { PortfolioPage } from './pages/Portfolio.tsx';
import { ReviewsPage } from './pages/Reviews.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { SmartAccountDetailPage, SmartAccountsPage } from './pages/SmartAccounts.tsx';
import { SponsorshipPage } from './pages/Sponsorship.tsx';
import { SponsorshipPolicyPage } from './pages/SponsorshipPolicy.tsx';
import { SigningPreviewPage } from './pages/SigningPreview.tsx';
import { TransactionDetailPage } from './pages/TransactionDetail.tsx';
import { TransactionsPage } from './pages/Transactions.tsx';
import { TreasuryPage } from './pages/Treasury.tsx';
import { WebhooksPage } from './pages/Webhooks.tsx';

/** Every page with the scopes that open it (any one of them); the nav shows only what the key may see. */
export const PAGES = [
  { path: '/', label: 'Overview', scopes: ['transactions:read'] },
  { path: '/transactions', label: 'Transactions', scopes: ['transactions:read'] },
  { path: '/reviews', label: 'Review queue', scopes: ['review'] },
  { path: '/payments', label: 'Payments', scopes: ['payments:read'] },
  { path: '/policy', label: 'Policy', scopes: ['policy:write', 'policy:approve'] },
  { path: '/breakers', label: 'Breakers', scopes: ['admin'] },
  { path: '/access', label: 'Access', scopes: ['admin'] },
  { path: '/webhooks', label: 'Webhooks', scopes: ['webhooks:write'] },
  { path: '/audit', label: 'Audit log', scopes: ['audit:read'] },
  { path: '/portfolio', label: 'Portfolio', scopes: ['portfolio:read'] },
  { path: '/treasury', label: 'Treasury', scopes: ['treasury:read'] },
  { path: '/signing', label: 'Signing preview', scopes: ['transactions:read'] },
  { path: '/payees', label: 'Payees', scopes: ['payouts:read'] },
  { path: '/payouts', label: 'Payouts', scopes: ['payouts:read'] },
  { path: '/smart-accounts', label: 'Smart accounts', scopes: ['smart_accounts:read'] },
  { path: '/sponsorship', label: 'Sponsorship', scopes: ['sponsorship:read'] },
] as const;

export function App() {
  return (
    <Router base="/dashboard">
      <AuthProvider>
        <Shell />
      </AuthProvider>
    </Router>
  );
}

function Shell() {
  const { me, checking, signOut, can } = useAuth();
  const [location] = useLocation();
  if (checking) return <Loading what="Checking your session" />;
  if (!me) return <SignInPage />;
  const allowed = PAGES.filter((p) => p.scopes.some((s) => can(s)));
  const guard = (path: string, el: ReactNode) =>
    PAGES.find((p) => p.path === path)!.scopes.some((s) => can(s)) ? el : <NotAllowed />;
  return (
    <div className="layout">
      <aside className="sidebar">
        <div className="sidebar-inner">
          <Brand />
          <nav aria-label="Main">
            {allowed.map((p) => {
              const active = p.path === '/' ? location === '/' : location.startsWith(p.path);
              return (
                <Link
                  key={p.path}
                  href={p.path}
                  className={active ? 'nav-link active' : 'nav-link'}
                  aria-current={active ? 'page' : undefined}
                >
                  {p.label}
                </Link>
              );
            })}
          </nav>
          <div className="whoami">
            <div className="muted small">Signed in as</div>
            <div className="whoami-name" data-testid="whoami" title={`${me.principal.kind} ${me.principal.id}`}>
              {me.principal.name}
            </div>
            <div className="muted small">key “{me.name}”</div>
            <div className="muted small mono-small" title={me.scopes.join(', ')}>
              {me.id}
            </div>
            <button type="button" className="btn ghost small-btn" onClick={() => signOut()}>
              Sign out
            </button>
          </div>
        </div>
      </aside>
      <main className="content">
        <Switch>
          <Route path="/">
            {allowed[0] && allowed[0].path !== '/' && !can('transactions:read') ? (
              <Redirect to={allowed[0].path} />
            ) : (
              guard('/', <OverviewPage />)
            )}
          </Route>
          <Route path="/transactions">{guard('/transactions', <TransactionsPage />)}</Route>
          <Route path="/transactions/:id">{(p) => guard('/transactions', <TransactionDetailPage id={p.id} />)}</Route>
          <Route path="/payments">{guard('/payments', <PaymentsPage />)}</Route>
          <Route path="/payments/report">{guard('/payments', <SettlementReportPage />)}</Route>
          <Route path="/payments/:id">{(p) => guard('/payments', <PaymentDetailPage id={p.id} />)}</Route>
          <Route path="/reviews">{guard('/reviews', <ReviewsPage />)}</Route>
          <Route path="/policy">{guard('/policy', <PolicyPage />)}</Route>
          <Route path="/breakers">{guard('/breakers', <BreakersPage />)}</Route>
          <Route path="/access">{guard('/access', <AccessPage />)}</Route>
          <Route path="/webhooks">{guard('/webhooks', <WebhooksPage />)}</Route>
          <Route path="/audit">{guard('/audit', <AuditPage />)}</Route>
          <Route path="/portfolio">{guard('/portfolio', <PortfolioPage />)}</Route>
          <Route path="/treasury">{guard('/treasury', <TreasuryPage />)}</Route>
          <Route path="/signing">{guard('/signing', <SigningPreviewPage />)}</Route>
          <Route path="/payees">{guard('/payees', <PayeesPage />)}</Route>
          <Route path="/payouts">{guard('/payouts', <PayoutsPage />)}</Route>
          <Route path="/smart-accounts">{guard('/smart-accounts', <SmartAccountsPage />)}</Route>
          <Route path="/smart-accounts/:id">
            {(p) => guard('/smart-accounts', <SmartAccountDetailPage id={p.id} />)}
          </Route>
          <Route path="/sponsorship">{guard('/sponsorship', <SponsorshipPage />)}</Route>
          <Route path="/sponsorship/:id">{(p) => guard('/sponsorship', <SponsorshipPolicyPage id={p.id} />)}</Route>
          <Route path="/treasury/:id">{(p) => guard('/treasury', <TreasuryPage id={p.id} />)}</Route>
          <Route>
            <div className="page">
              <h1>Page not found</h1>
              <p>
                <Link href="/">Back to the overview</Link>
              </p>
            </div>
          </Route>
        </Switch>
      </main>
    </div>
  );
}

function NotAllowed() {
  return (
    <div className="page">
      <h1>Not available with this key</h1>
      <p className="intro">
        This API key does not have the scope this page needs. Ask an administrator for a key with the right scope.
      </p>
    </div>
  );
}
