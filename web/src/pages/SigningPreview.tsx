import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { keel, unwrap } from '../api.ts';
import { Card, ErrorBox, Page } from '../components.tsx';

type Body = { chainId: number; typedData?: never; message?: string; origin?: string; signer?: string };

const RISK_TONE = { low: 'good', medium: 'warn', high: 'bad' } as const;

/**
 * Signing preview (docs/signing-previews.md): an operator pastes EIP-712 typed data (or a
 * personal message) and sees what an end user would be told before signing it.
 */
export function SigningPreviewPage() {
  const [chainId, setChainId] = useState('31337');
  const [input, setInput] = useState('');
  const [origin, setOrigin] = useState('');
  const [signer, setSigner] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: (body: Body) => unwrap(keel.POST('/v1/signing-previews', { body })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParseError(null);
    const text = input.trim();
    const body: Body = { chainId: Number(chainId) };
    if (signer.trim()) body.signer = signer.trim();
    if (text.startsWith('{')) {
      try {
        body.typedData = JSON.parse(text) as never;
      } catch (err) {
        setParseError(`Not valid JSON: ${(err as Error).message}`);
        return;
      }
    } else {
      body.message = input;
      if (origin.trim()) body.origin = origin.trim();
    }
    m.mutate(body);
  };
  const p = m.data;
  return (
    <Page
      title="Signing preview"
      intro="Paste EIP-712 typed data (the JSON an app passes to eth_signTypedData_v4) or a personal message, and see what an end user would be told before signing it: decoded, in plain language, with warnings."
    >
      <Card title="What the user is asked to sign">
        <form onSubmit={submit} aria-label="Signing preview" className="stack">
          <div className="inline-form">
            <label>
              Chain id
              <input name="chainId" value={chainId} onChange={(e) => setChainId(e.target.value)} size={8} required />
            </label>
            <label className="grow">
              Signer (optional)
              <input name="signer" value={signer} onChange={(e) => setSigner(e.target.value)} placeholder="0x…" />
            </label>
            <label className="grow">
              Origin (personal messages)
              <input
                name="origin"
                value={origin}
                onChange={(e) => setOrigin(e.target.value)}
                placeholder="app.example.com"
              />
            </label>
          </div>
          <textarea
            aria-label="Typed data or message"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            rows={12}
            placeholder='{ "domain": {…}, "types": {…}, "primaryType": "PermitSingle", "message": {…} }'
            className="mono-small"
          />
          <div>
            <button className="btn primary" type="submit" disabled={m.isPending || !input.trim()}>
              Preview
            </button>
          </div>
        </form>
        {parseError && <div className="warning">{parseError}</div>}
        {m.isError && <ErrorBox error={m.error} title="No preview" />}
      </Card>
      {p && (
        <Card
          title={p.summary}
          extra={
            <span className={`badge ${RISK_TONE[p.risk]}`} data-testid="signing-risk">
              risk: {p.risk}
            </span>
          }
        >
          <ul data-testid="signing-lines">
            {p.lines.map((l, i) => (
              <li key={`${i}-${l}`}>{l}</li>
            ))}
          </ul>
          {p.warnings.length > 0 && (
            <ul className="reasons" data-testid="signing-warnings">
              {p.warnings.map((w, i) => (
                <li key={`${w.code}-${i}`} data-code={w.code}>
                  <strong>{w.message}</strong>{' '}
                  <span className="muted small">
                    ({w.code}, {w.severity})
                  </span>
                  <div className="muted small">{w.explanation}</div>
                </li>
              ))}
            </ul>
          )}
          <p className="muted small mono-small">Digest the wallet signs: {p.digest}</p>
          {p.fields.length > 0 && (
            <table className="table">
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Type</th>
                  <th>Value</th>
                </tr>
              </thead>
              <tbody>
                {p.fields.map((f) => (
                  <tr key={f.path}>
                    <td>
                      <code>{f.path}</code>
                    </td>
                    <td>{f.type}</td>
                    <td className="mono-small">{f.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
    </Page>
  );
}
