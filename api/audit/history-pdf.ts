/**
 * A photo history as a PDF for a case file: the entries as a table under Chinese and English labels, the
 * signature, and the signed JSON itself attached (history.signed.json), which is what a verifier checks. The
 * text is set in Noto Sans SC (SIL Open Font License), so Chinese names, reasons and notes print as written.
 * The font is cut to the characters of this history by HarfBuzz's subsetter before pdf-lib embeds it whole:
 * pdf-lib's own subsetter drops most glyphs of this font (they print blank). The cut keeps no layout features,
 * so each character is drawn with the glyph its cmap names, the one whose width the PDF records.
 */
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import subsetFont from 'subset-font';
import type { PhotoHistory, SignedPhotoHistory } from '../../domain/schemas';

const page = { width: 595.28, height: 841.89, margin: 36 };
const columns = [
  { zh: '时间', en: 'Time (UTC)', width: 92 },
  { zh: '操作人', en: 'Actor', width: 88 },
  { zh: '角色', en: 'Role', width: 58 },
  { zh: '网络', en: 'Network', width: 40 },
  { zh: '事件', en: 'Event', width: 130 },
  { zh: '原因', en: 'Reason', width: 115 },
] as const;

const fontFile = (weight: '400Regular' | '700Bold') =>
  require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`);
// Read once per process (about 10 MB each), on the first export.
const fontBytes = {
  regular: undefined as Promise<Buffer> | undefined,
  bold: undefined as Promise<Buffer> | undefined,
};
const regularFont = () => (fontBytes.regular ??= readFile(fontFile('400Regular')));
const boldFont = () => (fontBytes.bold ??= readFile(fontFile('700Bold')));

/** One line of text: control characters (a note's line breaks) would break the table's rows. */
const printable = (text: string) => text.replace(/\p{Cc}/gu, ' ');

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

/** The title, then the case's facts, bilingual. */
const headingOf = (history: PhotoHistory, signed: SignedPhotoHistory) => [
  '通拍 照片全程记录（案卷）  Tongpai photo history (case file)',
  `案件 Case ${history.caseId}   状态 status ${history.status}   类别 category ${history.category}`,
  `证件号码 ID number ${history.idNumberMasked}   采集点 station ${history.stationId}   地区 region ${history.regionId}`,
  `采集 Captured ${history.capturedAt}   生成 generated ${history.generatedAt}   生成人 by ${history.generatedBy}`,
  `${history.entries.length} 条记录，按时间先后 entries, oldest first. Ed25519 签名 signed with key ${signed.keyId}:`,
];
const verifyNotes = [
  '核验附件 Verify the attached history.signed.json: tongpai-audit verify-export <file> (docs/audit.md).',
  '附件为签名原件，本表为其可读副本。 The attachment is the signed original; this table is its readable copy.',
];

export async function historyPdf(history: PhotoHistory, signed: SignedPhotoHistory): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Photo history ${history.caseId}`);
  pdf.setCreator('Tongpai');
  pdf.registerFontkit(fontkit);
  // Every character the pages can show: their fixed text and anything in the history.
  const characters = [
    ...new Set(
      [
        ...headingOf(history, signed),
        ...verifyNotes,
        ...columns.flatMap((c) => [c.zh, c.en]),
        JSON.stringify(history),
        '...',
      ].join(''),
    ),
  ].join('');
  const cut = async (file: Promise<Buffer>) =>
    pdf.embedFont(
      await subsetFont(await file, characters, { targetFormat: 'sfnt', keepFeatures: [], noHinting: true }),
      { subset: false },
    );
  const [font, bold] = await Promise.all([cut(regularFont()), cut(boldFont())]);
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

  const [title, ...facts] = headingOf(history, signed);
  line(title!, { size: 15, f: bold });
  y -= 4;
  for (const fact of facts) line(fact);
  for (const part of chunks(signed.signature, 92)) line(part, { size: 8, f: mono, indent: 12 });
  for (const note of verifyNotes) line(note, { size: 7 });
  y -= 6;

  const header = () => {
    let x = page.margin;
    for (const c of columns) {
      current.drawText(c.zh, { x, y, size: 8, font: bold });
      current.drawText(c.en, { x, y: y - 9, size: 7, font });
      x += c.width;
    }
    y -= 21;
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
