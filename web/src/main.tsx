import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ApiError } from './api.ts';
import './styles.css';

/** Live data: every query polls every few seconds while the tab is visible. */
const client = new QueryClient({
  defaultOptions: {
    queries: {
      refetchInterval: 4_000,
      refetchOnWindowFocus: true,
      staleTime: 1_000,
      // A refusal (4xx) will not change by asking again; a network blip or 5xx may.
      retry: (n, err) => n < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
