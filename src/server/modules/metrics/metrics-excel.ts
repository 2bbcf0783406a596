/**
 * Excel in the layout an office prints: a merged title, the period and unit, one row per unit with its
 * rank, score and each indicator as value (numerator/denominator), a signature footer; A4 landscape,
 * fitted to one page wide, the header row repeated on every page.
 */
import ExcelJS from 'exceljs';
import { UNIT_SUFFIX, type IndicatorUnit } from '../../../domain/indicators/indicators';
import type { Figure, RankingRow, monthlyReport } from './metrics.service';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export function figureText(f: Figure): string {
  const v = f.value === null ? '—' : `${f.value}${UNIT_SUFFIX[f.unit as IndicatorUnit] ?? ''}`;
  if (f.denominator === null) return v;
  const num = f.unit === 'hours' ? `${Math.round(f.numerator / 6) / 10}小时` : String(f.numerator);
  return `${v}（${num}/${f.denominator}）`;
}

function sheetFor(wb: ExcelJS.Workbook, name: string, title: string, sub: string, header: string[], rows: (string | number)[][]) {
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  ws.mergeCells(1, 1, 1, header.length);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { name: '宋体', size: 16, bold: true };
  t.alignment = { horizontal: 'center' };
  ws.getRow(1).height = 28;
  ws.mergeCells(2, 1, 2, header.length);
  ws.getCell(2, 1).value = sub;
  ws.getCell(2, 1).alignment = { horizontal: 'right' };
  const h = ws.getRow(3);
  header.forEach((text, i) => {
    const c = h.getCell(i + 1);
    c.value = text;
    c.font = { bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = thin;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  h.height = 32;
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = thin;
      c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
  }
  ws.columns.forEach((col, i) => {
    col.width = i === 0 ? 8 : i === 1 ? 22 : 18;
  });
  return ws;
}

function footer(ws: ExcelJS.Worksheet, width: number, unit: string, now: Date) {
  ws.addRow([]);
  const r = ws.addRow([`制表单位：${unit}`]);
  ws.mergeCells(r.number, 1, r.number, Math.max(2, Math.floor(width / 2)));
  const d = r.getCell(Math.floor(width / 2) + 1);
  d.value = `制表时间：${now.toISOString().slice(0, 10)}    审核人：          制表人：`;
}

export async function rankingWorkbook(
  res: { area: { name: string }; period: { label: string }; rows: RankingRow[]; target: string },
  unit: string,
  now: Date,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const names = res.rows[0]?.figures.map((f) => `${f.name}`) ?? [];
  const three = res.target === 'children';
  const header = ['排名', res.target === 'departments' ? '部门' : '单位', '综合得分', ...names, ...(three ? ['三无创建'] : [])];
  const rows = res.rows.map((r) => [
    r.rank,
    r.name,
    r.score,
    ...r.figures.map(figureText),
    ...(three && r.threeNone ? [[r.threeNone.noPetition ? '无信访' : `信访${r.threeNone.petitions}`, r.threeNone.noCase ? '无案件' : `案件${r.threeNone.cases}`, r.threeNone.noAccident ? '无事故' : `事故${r.threeNone.accidents}`].join('、')] : []),
  ]);
  const title = `${res.area.name}${res.period.label}平安建设${res.target === 'departments' ? '部门报到' : ''}考核排名表`;
  const ws = sheetFor(wb, '考核排名', title, `统计期间：${res.period.label}　单位：%、小时、件`, header, rows);
  ws.addRow([]);
  const formulas = res.rows[0]?.figures.map((f) => f.formula) ?? [];
  for (const f of formulas) ws.addRow([`注：${f}`]);
  footer(ws, header.length, unit, now);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function reportWorkbook(rep: Awaited<ReturnType<typeof monthlyReport>>, unit: string, now: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const title = `${rep.area.name}${rep.period.label.replace(/^(\d+)-(\d+)-\d+ 至.*$/, '$1年$2月')}平安建设工作报告`;
  const ws1 = sheetFor(
    wb,
    '主要指标',
    title,
    `统计期间：${rep.period.from} 至 ${rep.period.to}`,
    ['序号', '指标', '数值', '分子', '分母', '计算公式'],
    rep.indicators.map((f, i) => [i + 1, f.name, f.value === null ? '—' : f.value, `${f.numeratorLabel} ${f.numerator}`, f.denominatorLabel ? `${f.denominatorLabel} ${f.denominator}` : '—', f.formula]),
  );
  ws1.getColumn(6).width = 40;
  ws1.addRow([]);
  ws1.addRow([
    '三无',
    rep.threeNone.noPetition ? '无信访 ✓' : `信访 ${rep.threeNone.petitions} 件`,
    rep.threeNone.noCase ? '无案件 ✓' : `案件 ${rep.threeNone.cases} 件`,
    rep.threeNone.noAccident ? '无事故 ✓' : `事故 ${rep.threeNone.accidents} 件`,
  ]);
  footer(ws1, 6, unit, now);
  const names = rep.ranking[0]?.figures.map((f) => f.name) ?? [];
  sheetFor(wb, '考核排名', `${title} — 下级单位排名`, `统计期间：${rep.period.from} 至 ${rep.period.to}`, ['排名', '单位', '综合得分', ...names], rep.ranking.map((r) => [r.rank, r.name, r.score, ...r.figures.map(figureText)]));
  sheetFor(
    wb,
    '重点案件',
    `${title} — 重点案件`,
    '包案、督办、疑难哨案件',
    ['序号', '编号', '事项', '状态', '包案', '督办'],
    rep.notable.map((n, i) => [i + 1, n.number, n.title, n.status, n.owned ? '是' : '', n.supervised ? '是' : '']),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
