import { useState, type FormEvent } from 'react';
import { useAuth } from '../auth.tsx';
import { Brand, ErrorBox } from '../components.tsx';

/** Sign-in with an API key. The key is checked with GET /v1/me and kept for this browser session only. */
export function SignInPage() {
  const { signIn, notice } = useAuth();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(key);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="signin-card" onSubmit={submit}>
        <Brand />
        <h1>Sign in</h1>
        <p className="muted">
          Use your Keel API key (<code>keel_sk_…</code>). What you see and may do follows the key's scopes. The key
          stays in this browser tab only and is forgotten when you close it.
        </p>
        {notice && <div className="notice">{notice}</div>}
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="keel_sk_…"
          required
        />
        <button className="btn primary" type="submit" disabled={busy || !key.trim()}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {error !== null && <ErrorBox error={error} title="This key was not accepted" />}
        <p className="muted small">
          On a development machine, <code>npm start</code> writes a key with every scope to <code>.keel/dev.json</code>.
        </p>
      </form>
    </div>
  );
}
