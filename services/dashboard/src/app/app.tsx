import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { homePathFor } from '../lib/navigation.js';
import { ChangePasswordPage } from '../pages/change-password-page.js';
import { AdminPage } from '../pages/admin-page.js';
import { CheckImagePage } from '../pages/check-image-page.js';
import { DocumentsPage } from '../pages/documents-page.js';
import { OverviewPage } from '../pages/overview-page.js';
import { SourcesPage } from '../pages/sources-page.js';
import { IncidentDetailPage } from '../pages/incident-detail-page.js';
import { IncidentsPage } from '../pages/incidents-page.js';
import { LoginPage } from '../pages/login-page.js';
import { NotFoundPage } from '../pages/not-found-page.js';
import { TriagePage } from '../pages/triage-page.js';
import { AppShell } from './app-shell.js';
import { createQueryClient } from './query-client.js';
import { useSignedIn } from './session.js';

function Home() {
  const session = useSignedIn();
  return <Navigate to={homePathFor(session.permissions)} replace />;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route element={<AppShell />}>
            <Route index element={<Home />} />
            <Route path="triage" element={<TriagePage />} />
            <Route path="incidents" element={<IncidentsPage />} />
            <Route path="incidents/:id" element={<IncidentDetailPage />} />
            <Route path="documents" element={<DocumentsPage />} />
            <Route path="check" element={<CheckImagePage />} />
            <Route path="sources" element={<SourcesPage />} />
            <Route path="overview" element={<OverviewPage />} />
            <Route path="admin/*" element={<AdminPage />} />
            <Route path="account/password" element={<ChangePasswordPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
