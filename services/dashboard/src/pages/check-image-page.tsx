import { ComingSoonPage } from './coming-soon-page.js';

export function CheckImagePage() {
  return <ComingSoonPage section="check" />;
}
