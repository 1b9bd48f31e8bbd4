/**
 * Writes the Relazione's outline (reports/relazione-document.ts) as a DOCX the board edits in Word or
 * LibreOffice: the built-in Title and Heading styles (so the navigator/outline shows the sections),
 * real tables with a header row repeated on every page, Italian as the proofing language, A4 with
 * «Pagina n di m» in the footer. The `docx` library writes the OOXML; nothing here builds XML by hand.
 */
import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	HeadingLevel,
	Packer,
	PageNumber,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type ISectionOptions
} from 'docx';
import type { Block, RelazioneDocument } from '../../reports/relazione-document';

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
/** A4 portrait less 2 cm margins each side, in twentieths of a point. */
const TEXT_WIDTH = Math.round(((210 - 40) / 25.4) * 1440);
const CM2 = Math.round((20 / 25.4) * 1440);
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '8899AA' };

function table(block: Extract<Block, { kind: 'table' }>): Array<Paragraph | Table> {
	const units = block.columns.reduce((s, c) => s + c.width, 0);
	const widths = block.columns.map((c) => Math.floor((c.width / units) * TEXT_WIDTH));
	const cell = (text: string, column: number, header: boolean, bold: boolean) =>
		new TableCell({
			width: { size: widths[column], type: WidthType.DXA },
			shading: header ? { type: ShadingType.CLEAR, fill: 'DCE6F0', color: 'auto' } : undefined,
			margins: { top: 40, bottom: 40, left: 80, right: 80 },
			children: [
				new Paragraph({
					alignment: block.columns[column].numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
					children: [new TextRun({ text, bold: header || bold, size: 18 })]
				})
			]
		});
	const last = block.rows.length - 1;
	return [
		new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(block.caption)] }),
		new Table({
			width: { size: TEXT_WIDTH, type: WidthType.DXA },
			columnWidths: widths,
			borders: { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE },
			rows: [
				new TableRow({ tableHeader: true, cantSplit: true, children: block.columns.map((c, n) => cell(c.label, n, true, false)) }),
				...block.rows.map((r, i) => new TableRow({ cantSplit: true, children: r.map((t, n) => cell(t, n, false, Boolean(block.totalRow) && i === last)) }))
			]
		}),
		new Paragraph({ children: [] })
	];
}

function render(block: Block): Array<Paragraph | Table> {
	switch (block.kind) {
		case 'heading':
			return [new Paragraph({ heading: HEADINGS[block.level], keepNext: true, children: [new TextRun(block.text)] })];
		case 'paragraph':
			return [new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: block.text, italics: block.note })] })];
		case 'list':
			return block.items.map((text) => new Paragraph({ bullet: { level: 0 }, spacing: { after: 60 }, children: [new TextRun(text)] }));
		case 'table':
			return table(block);
	}
}

export async function relazioneToDocx(doc: RelazioneDocument): Promise<Buffer> {
	const section: ISectionOptions = {
		properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: CM2, bottom: CM2, left: CM2, right: CM2 } } },
		footers: {
			default: new Footer({
				children: [
					new Paragraph({
						alignment: AlignmentType.RIGHT,
						children: [new TextRun({ children: ['Pagina ', PageNumber.CURRENT, ' di ', PageNumber.TOTAL_PAGES], size: 16 })]
					})
				]
			})
		},
		children: [
			new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
			new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: doc.subtitle, size: 26 })] }),
			...doc.blocks.flatMap(render)
		]
	};
	const document = new Document({
		title: doc.title,
		subject: doc.subtitle,
		creator: 'Cruscotto della performance',
		styles: {
			default: {
				document: { run: { font: 'Calibri', size: 22, language: { value: 'it-IT' } } },
				heading1: { run: { size: 32, bold: true, color: '17324D' }, paragraph: { spacing: { before: 360, after: 120 } } },
				heading2: { run: { size: 28, bold: true, color: '17324D' }, paragraph: { spacing: { before: 240, after: 120 } } },
				heading3: { run: { size: 24, bold: true, color: '004D99' }, paragraph: { spacing: { before: 200, after: 80 } } }
			},
			paragraphStyles: [{ id: 'Caption', name: 'Caption', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { bold: true, size: 18, color: '455B71' }, paragraph: { spacing: { before: 120, after: 60 } } }]
		},
		sections: [section]
	});
	return Packer.toBuffer(document);
}
