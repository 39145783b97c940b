import { useCallback, useEffect, useState } from 'react';
import { formatUnits } from '../../../clients/verify/src/spec.ts';
import { decodeFragment, type Outcome, runChecks, type StepState } from './logic.ts';

type Load =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'done'; outcome: Outcome }
  | { kind: 'error'; message: string };

const mark = { pass: '✓', fail: '✗', skipped: '–' } as const;

function Step({ title, state, testId }: { title: string; state: StepState; testId: string }) {
  return (
    <section className={`pf-step pf-${state.status}`} data-testid={testId} data-status={state.status}>
      <h2>
        <span aria-hidden="true">{mark[state.status]}</span> {title}
      </h2>
      <ul>
        {state.lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The public proof page: an end user pastes or opens the proof their provider gave them; it is
 * verified here, in the browser (clients/verify), then compared with the published attestation and
 * its on-chain record. Nothing is sent anywhere except the attestation and registry reads.
 */
export function ProofPage() {
  const [text, setText] = useState('');
  const [load, setLoad] = useState<Load>({ kind: 'idle' });

  const check = useCallback(async (json: string) => {
    setLoad({ kind: 'checking' });
    try {
      setLoad({ kind: 'done', outcome: await runChecks(json, window.location.origin) });
    } catch (e) {
      setLoad({ kind: 'error', message: (e as Error).message });
    }
  }, []);

  useEffect(() => {
    const fromHash = (() => {
      try {
        return decodeFragment(window.location.hash);
      } catch {
        return null;
      }
    })();
    if (fromHash) {
      setText(fromHash);
      void check(fromHash);
      return;
    }
    const url = new URLSearchParams(window.location.search).get('proof');
    if (url) {
      setLoad({ kind: 'checking' });
      fetch(url, { cache: 'no-store' })
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status} from ${url}`))))
        .then((body) => {
          setText(body);
          return check(body);
        })
        .catch((e: Error) => setLoad({ kind: 'error', message: `The proof could not be loaded: ${e.message}` }));
    }
  }, [check]);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const body = await file.text();
    setText(body);
    void check(body);
  };

  const outcome = load.kind === 'done' ? load.outcome : null;
  const verified = outcome?.proof.status === 'pass';
  const totals = outcome?.proof.result?.totals ?? [];
  const ratio = outcome?.attestation.status === 'pass' ? outcome.attestation.value?.ratio : undefined;

  return (
    <div className="pf-shell">
      <header className="pf-top">Proof of liabilities — check that you were counted</header>
      <main className="pf-main">
        <section className="pf-card">
          <h1>Verify your proof</h1>
          <p className="pf-muted">
            Paste the proof your provider gave you, or open the file. It is checked here, in your browser.
          </p>
          <textarea
            aria-label="Proof JSON"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={8}
            spellCheck={false}
            placeholder='{"version":1, ...}'
          />
          <div className="pf-actions">
            <button type="button" onClick={() => void check(text)} disabled={!text.trim() || load.kind === 'checking'}>
              Verify
            </button>
            <label className="pf-file">
              Open a file
              <input type="file" accept="application/json,.json" onChange={(e) => void onFile(e.target.files?.[0])} />
            </label>
          </div>
        </section>

        {load.kind === 'checking' && <p className="pf-card">Checking…</p>}
        {load.kind === 'error' && (
          <p className="pf-card pf-fail" role="alert">
            {load.message}
          </p>
        )}
        {outcome && (
          <section className="pf-card" data-testid="proof-result">
            <p className={`pf-verdict ${verified ? 'pf-pass' : 'pf-fail'}`} data-testid="verdict">
              {verified ? 'Verified: you are included in the liabilities.' : 'Not verified.'}
            </p>
            <Step title="Your entry, the path and the root" state={outcome.proof} testId="step-proof" />
            {verified && (
              <table className="pf-totals">
                <thead>
                  <tr>
                    <th>Asset</th>
                    <th>Your balance</th>
                    <th>Total liabilities</th>
                  </tr>
                </thead>
                <tbody>
                  {totals.map((t) => (
                    <tr key={t.asset}>
                      <td>{t.asset}</td>
                      <td>{formatUnits(BigInt(t.balance), t.decimals)}</td>
                      <td>{formatUnits(BigInt(t.total), t.decimals)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <Step title="Published attestation" state={outcome.attestation} testId="step-attestation" />
            <Step title="On-chain record" state={outcome.registry} testId="step-registry" />
            {ratio && (
              <table className="pf-totals">
                <thead>
                  <tr>
                    <th>Asset</th>
                    <th>Reserves</th>
                    <th>Liabilities</th>
                    <th>Ratio</th>
                  </tr>
                </thead>
                <tbody>
                  {ratio.map((r) => (
                    <tr key={r.asset}>
                      <td>{r.asset}</td>
                      <td>{r.reserves}</td>
                      <td>{r.liabilities}</td>
                      <td>{r.ratio ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )}

        <section className="pf-card pf-explain" data-testid="what-is-proven">
          <h2>What this proves, and what it does not</h2>
          <ul>
            <li>
              A verified proof shows that your balances, exactly as shown, were counted in the total liabilities the
              root commits to, and that no entry in that total is negative.
            </li>
            <li>
              It does not show that your provider is solvent. That needs reserves at least equal to the liabilities at
              the same time: compare the attestation's reserves (read at stated blocks, signed by the addresses that
              hold them) with its liabilities.
            </li>
            <li>
              It says nothing about balances that are not in the snapshot, or about what happened after the snapshot's
              time. Each user checking their own proof is what makes the total trustworthy: ask for yours every time.
            </li>
          </ul>
        </section>
      </main>
    </div>
  );
}
