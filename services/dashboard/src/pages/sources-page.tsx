import { ComingSoonPage } from './coming-soon-page.js';

export function SourcesPage() {
  return <ComingSoonPage section="sources" />;
}
