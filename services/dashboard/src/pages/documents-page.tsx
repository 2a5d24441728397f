import { ComingSoonPage } from './coming-soon-page.js';

export function DocumentsPage() {
  return <ComingSoonPage section="documents" />;
}
