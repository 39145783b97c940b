import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { KeelApiError } from './api.ts';
import { humanize, tone } from './format.ts';
import type { Preview, Reason } from './types.ts';

/** A page: title, one-line purpose, optional actions on the right. */
export function Page({
  title,
  intro,
  actions,
  children,
}: {
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="page">
      <header className="page-head">
        <div>
          <h1>{title}</h1>
          {intro && <p className="intro">{intro}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export function Card({
  title,
  extra,
  children,
  className,
}: {
  title?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`card ${className ?? ''}`}>
      {(title || extra) && (
        <div className="card-head">
          {title && <h2>{title}</h2>}
          {extra}
        </div>
      )}
      {children}
    </div>
  );
}

/** A status word as a coloured badge. */
export function Status({ value, label }: { value: string; label?: string }) {
  return (
    <span className={`badge ${tone(value)}`} data-status={value}>
      {label ?? humanize(value)}
    </span>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="state loading" role="status">
      <span className="spinner" aria-hidden="true" /> {what}…
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

/** An API refusal or fault in the API's own words (its userMessage), with the code for support. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  const e = error instanceof KeelApiError ? error : null;
  return (
    <div className="state error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <span className="error-message">{e ? e.userMessage : String((error as Error)?.message ?? error)}</span>
      {e && (
        <span className="muted small">
          {e.code}
          {e.message ? ` — ${e.message}` : ''}
          {e.requestId ? ` (request ${e.requestId})` : ''}
        </span>
      )}
      {e?.fieldErrors.length ? (
        <ul className="small">
          {e.fieldErrors.map((f, i) => (
            <li key={i}>
              <code>{f.field}</code>: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Renders a polled query: the spinner only on first load, an error box when it fails (the
 * last good data stays visible under a notice while polling retries), then `children(data)`.
 */
export function QueryView<T>({
  q,
  children,
  what,
}: {
  q: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  what?: string;
}) {
  if (q.isPending) return <Loading {...(what ? { what } : {})} />;
  if (q.isError && q.data === undefined) return <ErrorBox error={q.error} />;
  return (
    <>
      {q.isError && <div className="stale-note">Showing the last data received: {(q.error as Error).message}</div>}
      {children(q.data as T)}
    </>
  );
}

/** The current time, refreshed every `everyMs`, for "waiting 5 min" style labels. */
export function useNow(everyMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** A compact key figure. */
export function Kpi({
  label,
  value,
  hint,
  tone: t,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: string;
  testId?: string;
}) {
  return (
    <div className={`kpi ${t ?? ''}`} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {hint && <div className="kpi-hint">{hint}</div>}
    </div>
  );
}

/** Monospace, shortened, with the full value on hover. */
export function Mono({ value, full }: { value: string; full?: string }) {
  return (
    <code className="mono" title={full ?? value}>
      {value}
    </code>
  );
}

/** Pretty JSON for details blocks. */
export function Json({ value }: { value: unknown }) {
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

/** A `<dt>Metadata</dt>` row of a definition list, when there is any metadata. */
export function MetadataRows({ metadata }: { metadata: Record<string, string> }) {
  if (Object.keys(metadata).length === 0) return null;
  return (
    <>
      <dt>Metadata</dt>
      <dd>
        {Object.entries(metadata).map(([k, v]) => (
          <div key={k}>
            {k}: {v}
          </div>
        ))}
      </dd>
    </>
  );
}

/** Doubles a list's page size (up to `max`, the list's largest page) while the API says there is more. */
export function ShowMore({
  hasMore,
  limit,
  setLimit,
  max = 100,
}: {
  hasMore: boolean | undefined;
  limit: number;
  setLimit: (n: number) => void;
  max?: number;
}) {
  if (!hasMore || limit >= max) return null;
  return (
    <button className="btn ghost" type="button" onClick={() => setLimit(Math.min(max, limit * 2))}>
      Show more
    </button>
  );
}

/** The page sizes of the small lists (keys, principals, webhook endpoints, policy versions, breakers). */
export const SMALL_LIST = { first: 100, max: 500 } as const;

/** A preview line's warnings, each on its own line. */
export function Warnings({ warnings }: { warnings: readonly string[] }) {
  return (
    <>
      {warnings.map((w) => (
        <div className="warning" key={w}>
          ⚠ {w}
        </div>
      ))}
    </>
  );
}

/** A preview's plain-language lines with their warnings. */
export function PreviewLines({ preview }: { preview: Preview }) {
  return (
    <ul>
      {preview.lines.map((l) => (
        <li key={l.index}>
          {l.text}
          <Warnings warnings={l.warnings} />
        </li>
      ))}
    </ul>
  );
}

/** Policy reasons: the plain-language message, then the code and the technical message. */
export function Reasons({ reasons }: { reasons: readonly Reason[] }) {
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          <div>{r.userMessage}</div>
          <div className="muted small">
            <code>{r.code}</code> {r.message}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The Keel mark and name, as in the sidebar and on the sign-in card. */
export function Brand() {
  return (
    <div className="brand">
      <span className="logo" aria-hidden="true">
        K
      </span>
      <div>
        <div className="brand-name">Keel</div>
        <div className="brand-sub">Operator dashboard</div>
      </div>
    </div>
  );
}

/**
 * Approve / Reject with a note, as every four-eyes decision shows them (policy and mandate
 * proposals): a rejection needs a note; both wait while a decision is being recorded.
 */
export function DecisionActions({
  id,
  note,
  setNote,
  pending,
  decide,
}: {
  id: string;
  note: string;
  setNote: (note: string) => void;
  pending: boolean;
  decide: (decision: 'approve' | 'reject') => void;
}) {
  return (
    <div className="review-actions">
      <textarea
        aria-label={`Note for ${id}`}
        placeholder="Note (required to reject)"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        rows={2}
      />
      <div className="buttons">
        <button type="button" className="btn primary" disabled={pending} onClick={() => decide('approve')}>
          Approve
        </button>
        <button
          type="button"
          className="btn danger"
          disabled={pending || !note.trim()}
          onClick={() => decide('reject')}
        >
          Reject
        </button>
      </div>
    </div>
  );
}
