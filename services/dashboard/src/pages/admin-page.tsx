import { ComingSoonPage } from './coming-soon-page.js';

export function AdminPage() {
  return <ComingSoonPage section="admin" />;
}
