/**
 * Household workbook import and export (实有人口). Import validates every row first, then imports the valid
 * rows in one transaction and reports each bad row with its column and the reason in Chinese.
 */
import ExcelJS from 'exceljs';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { IMPORT_COLUMNS, type ImportColumn, type ImportError } from '../../../contracts/people';
import { validateIdCard } from '../../../domain/id-card';
import { PERSON_TAGS, RELATIONS, RESIDENCY_KINDS } from '../../../domain/people/categories';
import { type Actor, can, inScope } from '../../platform/access';
import { recordAudit, recordAuditAlone } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { decrypt } from '../../platform/crypto';
import { households, persons } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { areaNames, auditBy, existingGrids, ID_CARD_PROBLEM_TEXT, PHONE_RE, protectIdCard, protectPhone } from './people.shared';
import { peopleWhere } from './people.service';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MAX_IMPORT_ROWS = 10_000;

const HEADER_NOTES: Record<ImportColumn, string> = {
  网格编码: '15位网格编码(或18位微网格编码)，必填',
  户号: '同一网格内唯一，同户成员填同一户号，必填',
  姓名: '必填',
  性别: '男/女，可不填(按身份证号自动识别)',
  身份证号: '18位，必填，请设置为文本格式',
  手机号: '11位手机号或固定电话，可不填',
  与户主关系: RELATIONS.join('/'),
  户籍类型: `${RESIDENCY_KINDS.join('/')}，默认户籍`,
  标签: `多个用顿号分隔：${PERSON_TAGS.join('、')}`,
  住址: '可不填',
};

function styleHeader(ws: ExcelJS.Worksheet) {
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  ws.columns = IMPORT_COLUMNS.map((c) => ({ header: c, key: c, width: c === '身份证号' ? 22 : c === '标签' || c === '住址' ? 28 : 14 }));
  for (const c of ['网格编码', '户号', '身份证号', '手机号'] as const) {
    ws.getColumn(IMPORT_COLUMNS.indexOf(c) + 1).numFmt = '@';
  }
}

/** The template: header row, one example row, and a sheet explaining each column. */
export async function buildImportTemplate(exampleGrid: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '枫桥';
  const ws = wb.addWorksheet('实有人口');
  styleHeader(ws);
  ws.addRow([exampleGrid, '001', '演示居民甲', '男', '11010119900307001X', '13800000000', '户主', '户籍', '党员、退役军人', '示例村1组1号']);
  ws.getRow(2).font = { color: { argb: 'FF999999' } };
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'c', width: 14 },
    { header: '说明', key: 'n', width: 90 },
  ];
  for (const c of IMPORT_COLUMNS) help.addRow([c, HEADER_NOTES[c]]);
  help.addRow([]);
  help.addRow(['注意', '第2行为示例，导入前请删除。有错误的行不会导入，系统会逐行列出错误原因，改正后可只导入这些行。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type ParsedRow = { row: number; values: Record<ImportColumn, string> };

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    // long numbers typed as numbers lose digits in Excel: keep what we got, validation will say why
    return Number.isSafeInteger(v) ? String(v) : v.toLocaleString('fullwide', { useGrouping: false });
  }
  return (cell.text ?? '').trim();
}

async function readWorkbook(file: Buffer): Promise<ParsedRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_BAD_FILE');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('IMPORT_BAD_FILE');
  const header = ws.getRow(1);
  const colOf = new Map<ImportColumn, number>();
  header.eachCell((cell, col) => {
    const name = cellText(cell) as ImportColumn;
    if (IMPORT_COLUMNS.includes(name)) colOf.set(name, col);
  });
  const missing = IMPORT_COLUMNS.filter((c) => ['网格编码', '户号', '姓名', '身份证号'].includes(c) && !colOf.has(c));
  if (missing.length) throw new AppError('IMPORT_BAD_FILE', { message: `表头缺少以下列：${missing.join('、')}，请使用下载的导入模板` });
  const rows: ParsedRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const values = {} as Record<ImportColumn, string>;
    let any = false;
    for (const c of IMPORT_COLUMNS) {
      const col = colOf.get(c);
      values[c] = col ? cellText(r.getCell(col)) : '';
      if (values[c]) any = true;
    }
    if (any) rows.push({ row: rowNumber, values });
  });
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError('IMPORT_TOO_LARGE');
  return rows;
}

const TAG_SPLIT = /[、,，;；\s]+/;

export type ImportResult = { totalRows: number; imported: number; newHouseholds: number; badRows: number; errors: ImportError[] };

export async function importPeople(ctx: AppContext, actor: Actor, file: Buffer): Promise<ImportResult> {
  const now = ctx.clock();
  const rows = await readWorkbook(file);
  const grids = await existingGrids(
    ctx.db,
    rows.map((r) => r.values.网格编码),
  );
  const errors: ImportError[] = [];
  const bad = new Set<number>();
  const fail = (row: number, column: ImportColumn, reason: string) => {
    errors.push({ row, column, reason });
    bad.add(row);
  };
  const firstRowOfId = new Map<string, number>();
  for (const { row, values: v } of rows) {
    if (!v.网格编码) fail(row, '网格编码', '网格编码不能为空');
    else if (!grids.has(v.网格编码)) fail(row, '网格编码', `网格编码${v.网格编码}不存在`);
    else if (!inScope(actor, v.网格编码)) fail(row, '网格编码', `网格${v.网格编码}不在本人管辖范围内`);
    if (!v.户号) fail(row, '户号', '户号不能为空');
    else if (v.户号.length > 32) fail(row, '户号', '户号不能超过32个字符');
    if (!v.姓名) fail(row, '姓名', '姓名不能为空');
    else if (v.姓名.length > 64) fail(row, '姓名', '姓名不能超过64个字符');
    if (v.性别 && v.性别 !== '男' && v.性别 !== '女') fail(row, '性别', '性别只能填“男”或“女”');
    const id = v.身份证号.toUpperCase();
    if (!id) fail(row, '身份证号', '身份证号不能为空');
    else {
      const problem = validateIdCard(id, now);
      if (problem) fail(row, '身份证号', ID_CARD_PROBLEM_TEXT[problem]);
      else if (firstRowOfId.has(id)) fail(row, '身份证号', `与第${firstRowOfId.get(id)}行的身份证号重复`);
      else firstRowOfId.set(id, row);
    }
    if (v.手机号 && !PHONE_RE.test(v.手机号)) fail(row, '手机号', '手机号格式不正确');
    if (v.与户主关系 && !RELATIONS.includes(v.与户主关系)) fail(row, '与户主关系', `应为${RELATIONS.join('/')}之一`);
    if (v.户籍类型 && !RESIDENCY_KINDS.includes(v.户籍类型)) fail(row, '户籍类型', `应为${RESIDENCY_KINDS.join('/')}之一`);
    for (const tag of v.标签 ? v.标签.split(TAG_SPLIT).filter(Boolean) : []) {
      if (!PERSON_TAGS.includes(tag)) fail(row, '标签', `未知标签“${tag}”`);
    }
  }

  // already registered: checked through the keyed hash, in chunks
  const candidates = rows.filter((r) => !bad.has(r.row));
  const prepared = candidates.map((r) => ({ r, id: protectIdCard(r.values.身份证号) }));
  const taken = new Set<string>();
  for (let i = 0; i < prepared.length; i += 1000) {
    const hashes = prepared.slice(i, i + 1000).map((p) => p.id.idCardHash);
    const found = await ctx.db.select({ h: persons.idCardHash }).from(persons).where(inArray(persons.idCardHash, hashes));
    for (const f of found) if (f.h) taken.add(f.h);
  }
  for (const p of prepared) if (taken.has(p.id.idCardHash)) fail(p.r.row, '身份证号', '该身份证号已登记，不能重复导入');
  const good = prepared.filter((p) => !bad.has(p.r.row));
  errors.sort((a, b) => a.row - b.row || IMPORT_COLUMNS.indexOf(a.column as ImportColumn) - IMPORT_COLUMNS.indexOf(b.column as ImportColumn));

  const result = await ctx.db.transaction(async (tx) => {
    // households: reuse the ones the grid has, create the rest
    const keys = new Map<string, { areaCode: string; no: string; address: string | null; head: string | null }>();
    for (const { r } of good) {
      const k = `${r.values.网格编码}|${r.values.户号}`;
      const head = r.values.与户主关系 === '户主' ? r.values.姓名 : null;
      const prev = keys.get(k);
      if (!prev) keys.set(k, { areaCode: r.values.网格编码, no: r.values.户号, address: r.values.住址 || null, head });
      else if (!prev.head && head) prev.head = head;
    }
    const hhId = new Map<string, number>();
    const list = [...keys.values()];
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      const existing = await tx
        .select({ id: households.id, areaCode: households.areaCode, no: households.householdNo })
        .from(households)
        .where(or(...chunk.map((h) => and(eq(households.areaCode, h.areaCode), eq(households.householdNo, h.no)))));
      for (const e of existing) hhId.set(`${e.areaCode}|${e.no}`, e.id);
    }
    const toCreate = list.filter((h) => !hhId.has(`${h.areaCode}|${h.no}`));
    for (let i = 0; i < toCreate.length; i += 500) {
      const created = await tx
        .insert(households)
        .values(
          toCreate.slice(i, i + 500).map((h) => ({
            areaCode: h.areaCode,
            householdNo: h.no,
            address: h.address,
            headName: h.head,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .returning({ id: households.id, areaCode: households.areaCode, no: households.householdNo });
      for (const c of created) hhId.set(`${c.areaCode}|${c.no}`, c.id);
    }
    const values = good.map(({ r, id }) => {
      const v = r.values;
      return {
        areaCode: v.网格编码,
        householdId: hhId.get(`${v.网格编码}|${v.户号}`) ?? null,
        name: v.姓名,
        gender: v.性别 || id.gender,
        birthDate: id.birthDate,
        idCardEnc: id.idCardEnc,
        idCardHash: id.idCardHash,
        idCardMasked: id.idCardMasked,
        ...(v.手机号 ? protectPhone(v.手机号) : {}),
        relation: v.与户主关系 || null,
        residency: v.户籍类型 || '户籍',
        tags: [...new Set(v.标签 ? v.标签.split(TAG_SPLIT).filter(Boolean) : [])],
        createdAt: now,
        updatedAt: now,
      };
    });
    for (let i = 0; i < values.length; i += 500) await tx.insert(persons).values(values.slice(i, i + 500));
    await recordAudit(
      tx,
      {
        ...auditBy(actor),
        action: 'person.import',
        targetType: 'person',
        areaCode: actor.scopes[0] ?? null,
        detail: { rows: rows.length, imported: values.length, badRows: bad.size, newHouseholds: toCreate.length },
      },
      now,
    );
    return { imported: values.length, newHouseholds: toCreate.length };
  });
  return { totalRows: rows.length, ...result, badRows: bad.size, errors };
}

export const MAX_EXPORT_ROWS = 50_000;

/** Export of the people the actor may see; numbers are masked unless the exporter has `sensitive`. Audited. */
export async function exportPeople(
  ctx: AppContext,
  actor: Actor,
  q: { area?: string; q?: string; tag?: string },
): Promise<{ file: Buffer; count: number; masked: boolean }> {
  const masked = !can(actor, 'sensitive');
  const rows = await ctx.db
    .select({ p: persons, no: households.householdNo, address: households.address })
    .from(persons)
    .leftJoin(households, eq(households.id, persons.householdId))
    .where(peopleWhere(actor, q))
    .orderBy(asc(persons.areaCode), asc(persons.householdId), asc(persons.id))
    .limit(MAX_EXPORT_ROWS);
  const names = await areaNames(
    ctx.db,
    rows.map((r) => r.p.areaCode),
  );
  const wb = new ExcelJS.Workbook();
  wb.creator = '枫桥';
  const ws = wb.addWorksheet('实有人口');
  const columns = ['网格编码', '网格名称', ...IMPORT_COLUMNS.slice(1)];
  ws.columns = columns.map((c) => ({ header: c, key: c, width: c === '身份证号' ? 22 : c === '标签' || c === '住址' || c === '网格名称' ? 24 : 14 }));
  ws.getRow(1).font = { bold: true };
  for (const { p, no, address } of rows) {
    ws.addRow([
      p.areaCode,
      names.get(p.areaCode) ?? '',
      no ?? '',
      p.name,
      p.gender ?? '',
      masked ? (p.idCardMasked ?? '') : p.idCardEnc ? decrypt(p.idCardEnc) : '',
      masked ? (p.phoneMasked ?? '') : p.phoneEnc ? decrypt(p.phoneEnc) : '',
      p.relation ?? '',
      p.residency,
      p.tags.join('、'),
      address ?? '',
    ]);
  }
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  await recordAuditAlone(ctx.db, {
    ...auditBy(actor),
    action: 'person.export',
    targetType: 'person',
    areaCode: q.area ?? actor.scopes[0] ?? null,
    detail: { count: rows.length, masked, filter: { area: q.area ?? null, tag: q.tag ?? null, q: q.q ? 'yes' : null } },
  });
  return { file, count: rows.length, masked };
}
