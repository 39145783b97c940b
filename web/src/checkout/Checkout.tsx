import { createKeelClient, KeelApiError, unwrap } from '@keel/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { groupDecimal } from '../format.ts';
import {
  countdown,
  END_PHASES,
  headline,
  OPEN_PHASES,
  orList,
  paymentState,
  phaseOf,
  uriForRemaining,
  type CheckoutView,
  type Phase,
} from './logic.ts';
import { qrPath } from './qr.ts';

/** The page's client: no key (the checkout is public) and no retries (the page polls by itself). */
const keel = createKeelClient({ baseUrl: window.location.origin, retries: 0 });

const ID_RE = /^pi_[0-9abcdefghjkmnpqrstvwxyz]{26}$/;
/** How often the page asks while a payment can still move, and once it has ended (a late payment may still arrive). */
const POLL_MS = 2_500;
const POLL_END_MS = 15_000;

type Load = { kind: 'loading' } | { kind: 'not_found' } | { kind: 'ok'; view: CheckoutView; offsetMs: number };

/**
 * The hosted checkout page: what to pay, where, on which networks, and the payment's live
 * state, from the public `GET /v1/checkout/:id` only. Keeps the last answer on screen when the
 * connection drops, and says so.
 */
export function CheckoutPage({ id }: { id: string }) {
  const [load, setLoad] = useState<Load>(() => (ID_RE.test(id) ? { kind: 'loading' } : { kind: 'not_found' }));
  const [trouble, setTrouble] = useState<string | null>(null);
  const phaseRef = useRef<Phase | null>(null);

  useEffect(() => {
    if (!ID_RE.test(id)) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (stopped) return;
      try {
        const view = await unwrap(keel.GET('/v1/checkout/{id}', { params: { path: { id } }, cache: 'no-store' }));
        phaseRef.current = phaseOf(view);
        setLoad({ kind: 'ok', view, offsetMs: Date.parse(view.serverTime) - Date.now() });
        setTrouble(null);
      } catch (e) {
        if (e instanceof KeelApiError && e.status === 404) {
          setLoad({ kind: 'not_found' });
          return; // nothing to wait for
        }
        setTrouble(
          !(e instanceof KeelApiError) || e.code === 'network_error'
            ? 'Connection lost. Showing the last status received; retrying…'
            : e.code === 'http_error'
              ? 'The payment status could not be loaded. Retrying…'
              : e.userMessage,
        );
      }
      if (!stopped)
        timer = setTimeout(tick, phaseRef.current && END_PHASES.includes(phaseRef.current) ? POLL_END_MS : POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id]);

  return (
    <div className="co-shell">
      <header className="co-top">
        <span className="co-logo" aria-hidden="true">
          ✓
        </span>
        <span>Secure crypto payment</span>
      </header>
      <main className="co-main">
        {load.kind === 'loading' && (
          <div className="co-card co-center" role="status">
            <span className="co-spinner" aria-hidden="true" /> Loading the payment…
          </div>
        )}
        {load.kind === 'not_found' && <NotFound />}
        {load.kind === 'ok' && <Checkout view={load.view} offsetMs={load.offsetMs} />}
        {trouble && (
          <div className="co-notice" role="alert" data-testid="co-trouble">
            {trouble}
          </div>
        )}
      </main>
      <footer className="co-foot">
        Payments are processed on public blockchains. This page never asks for your keys or seed phrase.
      </footer>
    </div>
  );
}

function NotFound() {
  return (
    <div className="co-card co-center" data-testid="co-not-found">
      <h1>Payment not found</h1>
      <p>
        This payment link is not valid, or the payment request no longer exists. Check the link you were given, or ask
        the merchant for a new one.
      </p>
      <p className="co-muted">Please do not send anything until you have a valid payment page.</p>
    </div>
  );
}

function Checkout({ view, offsetMs }: { view: CheckoutView; offsetMs: number }) {
  const phase = phaseOf(view);
  const h = headline(view, phase);
  const open = OPEN_PHASES.includes(phase);
  const networks = orList(view.chains.map((c) => c.name));
  return (
    <>
      <section className="co-card co-amount-card">
        <div className="co-label">Amount due</div>
        <div className="co-amount" data-testid="co-amount">
          {groupDecimal(view.amount.amount, view.asset.decimals)} <span className="co-asset">{view.asset.symbol}</span>
        </div>
        {view.description && <div className="co-desc">{view.description}</div>}
        <div className="co-networks">on {networks}</div>
      </section>

      <section className={`co-status co-${phase}`} data-testid="co-status" data-phase={phase} aria-live="polite">
        <div className="co-status-title">
          <PhaseIcon phase={phase} /> {h.title}
        </div>
        <p>{h.text}</p>
        {open && <Countdown expiresAt={view.expiresAt} offsetMs={offsetMs} />}
      </section>

      {open && <PayBox view={view} />}

      {view.payments.length > 0 && (
        <section className="co-card">
          <h2>Payments received</h2>
          <ul className="co-payments" data-testid="co-payments">
            {view.payments.map((p, i) => (
              <li key={i} data-payment-status={p.status}>
                <span>
                  <strong>
                    {groupDecimal(p.amount.amount, 18)} {p.asset ?? 'unknown token'}
                  </strong>{' '}
                  <span className="co-muted">on {p.network}</span>
                </span>
                <span className={`co-pill co-pill-${p.status}`}>{paymentState(p)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {open && <Guidance view={view} networks={networks} />}
    </>
  );
}

function PhaseIcon({ phase }: { phase: Phase }) {
  if (phase === 'confirmed')
    return (
      <span className="co-icon" aria-hidden="true">
        ✓
      </span>
    );
  if (phase === 'expired' || phase === 'cancelled' || phase === 'underpaid')
    return (
      <span className="co-icon" aria-hidden="true">
        !
      </span>
    );
  return <span className="co-spinner" aria-hidden="true" />;
}

function Countdown({ expiresAt, offsetMs }: { expiresAt: string; offsetMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, []);
  const left = Date.parse(expiresAt) - (now + offsetMs);
  return (
    <div className="co-countdown" data-testid="co-countdown">
      {left > 0 ? (
        <>
          Expires in <strong>{countdown(left)}</strong>
        </>
      ) : (
        'Expiring now…'
      )}
    </div>
  );
}

function PayBox({ view }: { view: CheckoutView }) {
  const [chainId, setChainId] = useState(view.chains[0]?.chainId);
  const chain = view.chains.find((c) => c.chainId === chainId) ?? view.chains[0];
  const uri = chain ? uriForRemaining(chain.paymentUri, view.amount, view.amountRemaining) : '';
  const qr = useMemo(() => (uri ? qrPath(uri) : null), [uri]);
  if (!chain) return null;
  return (
    <section className="co-card co-pay">
      {view.chains.length > 1 && (
        <div className="co-tabs" role="tablist" aria-label="Network">
          {view.chains.map((c) => (
            <button
              key={c.chainId}
              type="button"
              role="tab"
              aria-selected={c.chainId === chain.chainId}
              className={c.chainId === chain.chainId ? 'co-tab active' : 'co-tab'}
              onClick={() => setChainId(c.chainId)}
            >
              {c.name}
            </button>
          ))}
        </div>
      )}
      <p className="co-send">
        Send{' '}
        <strong>
          {groupDecimal(view.amountRemaining.amount, view.asset.decimals)} {view.asset.symbol}
        </strong>{' '}
        on <strong>{chain.name}</strong>
      </p>
      {qr && (
        <a
          href={uri}
          className="co-qr-link"
          data-testid="co-wallet-link"
          aria-label={`Open in a wallet: pay ${view.amountRemaining.amount} ${view.asset.symbol} on ${chain.name}`}
        >
          <svg
            className="co-qr"
            data-testid="co-qr"
            viewBox={`0 0 ${qr.size} ${qr.size}`}
            role="img"
            aria-label={`QR code to pay on ${chain.name}`}
            shapeRendering="crispEdges"
          >
            <rect width={qr.size} height={qr.size} fill="#fff" />
            <path d={qr.path} fill="#111" />
          </svg>
        </a>
      )}
      <p className="co-hint">Scan with your wallet app, or tap the code to open it in a wallet on this phone.</p>
      <Field label="Deposit address" value={view.depositAddress} testId="co-address" />
      <Field label="Amount" value={view.amountRemaining.amount} suffix={view.asset.symbol} testId="co-amount-copy" />
      <details className="co-details">
        <summary>Token and network details</summary>
        <dl>
          <dt>Token contract ({view.asset.symbol})</dt>
          <dd className="co-mono">{chain.token}</dd>
          <dt>Network</dt>
          <dd>
            {chain.name} (chain id {chain.chainId})
          </dd>
          <dt>Confirmations needed</dt>
          <dd>{chain.confirmations}</dd>
          <dt>Payment link (EIP-681)</dt>
          <dd className="co-mono" data-testid="co-uri">
            {uri}
          </dd>
        </dl>
      </details>
    </section>
  );
}

/**
 * A value shown in full (an address must be checkable character by character) with a copy
 * button; where the clipboard API is not allowed (plain http), the text is selected instead.
 */
function Field({ label, value, suffix, testId }: { label: string; value: string; suffix?: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const copy = useCallback(async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2_000);
    } catch {
      const sel = window.getSelection();
      if (ref.current && sel) {
        sel.selectAllChildren(ref.current);
      }
    }
  }, [value]);
  return (
    <div className="co-field">
      <div className="co-label" id={`${testId}-label`}>
        {label}
      </div>
      <div className="co-field-row">
        <div
          ref={ref}
          className="co-value co-mono"
          data-testid={testId}
          role="group"
          aria-labelledby={`${testId}-label`}
        >
          {value}
        </div>
        {suffix && <span className="co-suffix">{suffix}</span>}
        <button type="button" className="co-btn" onClick={() => void copy()} aria-label={`Copy ${label.toLowerCase()}`}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}

function Guidance({ view, networks }: { view: CheckoutView; networks: string }) {
  return (
    <section className="co-card co-guidance" data-testid="co-guidance">
      <h2>Before you send</h2>
      <ul>
        <li>
          Send only <strong>{view.asset.symbol}</strong>, and only on <strong>{networks}</strong>. The address is the
          same on {view.chains.length > 1 ? 'each of these networks' : 'this network'}.
        </li>
        <li>
          Send the exact amount. If you send less, this page shows what is still missing; if you send more, the merchant
          can refund the difference.
        </li>
        <li>
          Another token, or another network, will not complete this payment. Nothing is lost: the merchant is notified
          and can refund it to you.
        </li>
        <li>Send from a wallet you control (not an exchange account), so a refund can reach you.</li>
        <li>Network fees are paid by you, in the network’s own coin.</li>
      </ul>
    </section>
  );
}
