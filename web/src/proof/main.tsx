import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ProofPage } from './ProofPage.tsx';
import './proof.css';

createRoot(document.getElementById('proof')!).render(
  <StrictMode>
    <ProofPage />
  </StrictMode>,
);
