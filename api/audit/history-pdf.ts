/**
 * A photo history as a PDF for a case file: the entries as a table, the signature, and the signed JSON itself
 * attached (history.signed.json), which is what a verifier checks. pdf-lib's standard fonts write Latin text
 * only and no CJK font can be embedded without a font-subsetting dependency, so labels are English and
 * characters outside Latin-1 (Chinese notes, for instance) print as "?": the attachment holds the exact text.
 */
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { PhotoHistory, SignedPhotoHistory } from '../../domain/schemas';

const page = { width: 595.28, height: 841.89, margin: 36 };
const columns = [
  { label: 'Time (UTC)', width: 92 },
  { label: 'Actor', width: 88 },
  { label: 'Role', width: 58 },
  { label: 'Network', width: 40 },
  { label: 'Event', width: 130 },
  { label: 'Reason', width: 115 },
] as const;

/** Latin-1 only (what the standard fonts encode); anything else becomes "?". */
const printable = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

function fit(font: PDFFont, size: number, text: string, width: number): string {
  let t = printable(text);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}...`, size) > width) t = t.slice(0, -1);
  return `${t}...`;
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export async function historyPdf(history: PhotoHistory, signed: SignedPhotoHistory): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Photo history ${history.caseId}`);
  pdf.setCreator('Tongpai');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  await pdf.attach(Buffer.from(JSON.stringify(signed), 'utf8'), 'history.signed.json', {
    mimeType: 'application/json',
    description: 'The signed photo history (verify: tongpai-audit verify-export history.signed.json)',
  });

  let current: PDFPage = pdf.addPage([page.width, page.height]);
  let y = page.height - page.margin;
  const line = (text: string, { size = 9, f = font, indent = 0 } = {}) => {
    if (y < page.margin + size) newPage();
    current.drawText(printable(text), { x: page.margin + indent, y, size, font: f });
    y -= size + 3;
  };
  const newPage = () => {
    current = pdf.addPage([page.width, page.height]);
    y = page.height - page.margin;
  };

  line('Tongpai - photo history (case file)', { size: 15, f: bold });
  y -= 4;
  line(`Case ${history.caseId}   status ${history.status}   category ${history.category}`);
  line(`ID number ${history.idNumberMasked}   station ${history.stationId}   region ${history.regionId}`);
  line(`Captured ${history.capturedAt}   generated ${history.generatedAt} by ${history.generatedBy}`);
  line(`${history.entries.length} entries, oldest first. Signed with Ed25519 key ${signed.keyId}:`);
  for (const part of chunks(signed.signature, 92)) line(part, { size: 8, f: mono, indent: 12 });
  line('Verify the attached history.signed.json: tongpai-audit verify-export <file> (docs/audit.md).', {
    size: 8,
  });
  line('Characters outside Latin-1 (e.g. Chinese notes) print as "?"; the attachment holds the exact text.', {
    size: 8,
  });
  y -= 6;

  const header = () => {
    let x = page.margin;
    for (const c of columns) {
      current.drawText(c.label, { x, y, size: 8, font: bold });
      x += c.width;
    }
    y -= 12;
  };
  header();
  for (const entry of history.entries) {
    if (y < page.margin + 24) {
      newPage();
      header();
    }
    const cells = [
      entry.at.replace('T', ' ').replace('Z', ''),
      entry.actor ?? '',
      entry.role ?? '',
      entry.network ?? '',
      entry.source === 'audit' ? entry.kind : `${entry.stream.split('-')[0]}: ${entry.kind}`,
      entry.reason ?? '',
    ];
    let x = page.margin;
    columns.forEach((c, i) => {
      current.drawText(fit(font, 7.5, cells[i]!, c.width - 4), { x, y, size: 7.5, font });
      x += c.width;
    });
    y -= 10;
    const details = Object.entries(entry.details)
      .filter(([k]) => k !== 'hash')
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('  ');
    if (details) {
      current.drawText(fit(font, 6.5, details, page.width - 2 * page.margin - 92), {
        x: page.margin + 92,
        y,
        size: 6.5,
        font,
      });
      y -= 9;
    }
  }
  return Buffer.from(await pdf.save());
}
