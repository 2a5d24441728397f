import { ComingSoonPage } from './coming-soon-page.js';

export function OverviewPage() {
  return <ComingSoonPage section="overview" />;
}
