import type { Agency } from './agencies.js';
import type { Person } from './people.js';

export type DocumentKind =
  | 'close-contact-list'
  | 'quarantine-decision'
  | 'investigation-report'
  | 'official-letter'
  | 'other-agency-letter';

export interface TableColumn {
  title: string;
  /** Share of the text width, in percent. */
  width: number;
  align?: 'left' | 'center';
}

/** The body of a document, as layout blocks; pagination happens at render time. */
export type Block =
  | { type: 'title'; lines: string[] }
  | { type: 'authority'; text: string }
  | { type: 'addressee'; lines: string[] }
  | { type: 'heading'; text: string }
  | {
      type: 'paragraph';
      text: string;
      indent?: boolean;
      bold?: boolean;
      italic?: boolean;
      centered?: boolean;
    }
  | { type: 'table'; columns: TableColumn[]; rows: string[][] };

export interface DocumentSpec {
  id: string;
  kind: DocumentKind;
  agency: Agency;
  /** Số và ký hiệu without the "Số:" label, e.g. `125/SYT-NVY`. */
  numberSymbol: string;
  place: string;
  date: { day: number; month: number; year: number };
  /** Trích yếu of a công văn, printed under the number ("V/v …"). */
  subjectLine?: string;
  urgency?: 'KHẨN' | 'HỎA TỐC';
  secret?: 'MẬT';
  blocks: Block[];
  receivers: string[];
  signer: { authority?: string; title: string; name: string };
  /** The people whose data the document exposes (ground truth for personal-data detectors). */
  people: Person[];
}

export function formatDate(date: DocumentSpec['date']): string {
  const day = String(date.day).padStart(2, '0');
  const month = date.month < 3 ? String(date.month).padStart(2, '0') : String(date.month);
  return `ngày ${day} tháng ${month} năm ${date.year}`;
}
