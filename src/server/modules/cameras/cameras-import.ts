/** Excel (.xlsx) or CSV import of the camera register, matched by header text; each row stands alone. */
import ExcelJS from 'exceljs';
import { CAMERA_CATEGORY_LABEL, CAMERA_STATUS_LABEL, cameraBody } from '../../../contracts/cameras';
import type { Actor } from '../../platform/access';
import { recordAuditAlone } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { createCamera } from './cameras.service';

const COLUMNS: Record<string, string> = {
  设备编码: 'code',
  点位编码: 'code',
  点位名称: 'name',
  名称: 'name',
  类别: 'category',
  点位类别: 'category',
  经度: 'lng',
  纬度: 'lat',
  所属区划: 'areaCode',
  区划代码: 'areaCode',
  地址: 'address',
  安装地址: 'address',
  状态: 'status',
  备注: 'note',
};
const CATEGORY_BY_LABEL = Object.fromEntries(Object.entries(CAMERA_CATEGORY_LABEL).map(([k, v]) => [v, k]));
const STATUS_BY_LABEL = Object.fromEntries(Object.entries(CAMERA_STATUS_LABEL).map(([k, v]) => [v, k]));

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'text' in (v as object)) return String((v as { text: unknown }).text);
  if (typeof v === 'object' && 'result' in (v as object)) return String((v as { result: unknown }).result);
  return String(v);
}

async function readTable(file: Buffer): Promise<string[][]> {
  if (file[0] === 0x50 && file[1] === 0x4b) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(file as unknown as ArrayBuffer);
    } catch {
      // a broken or fake zip is the uploader's mistake, not ours
      throw new AppError('IMPORT_BAD_FILE', { field: 'file' });
    }
    const out: string[][] = [];
    wb.worksheets[0]?.eachRow((r) => {
      out.push((r.values as unknown[]).slice(1).map(cellText));
    });
    return out;
  }
  // plain CSV without quoted commas: what a register exported from a spreadsheet looks like
  return file
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

export async function importCameras(ctx: AppContext, actor: Actor, file: Buffer) {
  const table = await readTable(file);
  const keys = (table[0] ?? []).map((h) => COLUMNS[h.trim()]);
  if (!keys.includes('code') || !keys.includes('name') || !keys.includes('category'))
    throw new AppError('VALIDATION_FAILED', { field: 'file', message: '表头须包含：设备编码、点位名称、类别' });
  const imported: { row: number; id: number; code: string }[] = [];
  const errors: { row: number; reason: string }[] = [];
  for (let i = 1; i < table.length; i++) {
    const rec: Record<string, unknown> = {};
    keys.forEach((k, j) => {
      const v = table[i][j]?.trim();
      if (k && v) rec[k] = v;
    });
    if (typeof rec.category === 'string') rec.category = CATEGORY_BY_LABEL[rec.category] ?? rec.category;
    if (typeof rec.status === 'string') rec.status = STATUS_BY_LABEL[rec.status] ?? rec.status;
    for (const k of ['lng', 'lat']) if (rec[k] !== undefined) rec[k] = Number(rec[k]);
    const parsed = cameraBody.safeParse(rec);
    if (!parsed.success) {
      errors.push({ row: i + 1, reason: `${parsed.error.issues[0]?.path.join('.')}: 内容不正确` });
      continue;
    }
    try {
      const c = await createCamera(ctx, actor, parsed.data, 'import');
      imported.push({ row: i + 1, id: c.id, code: c.code });
    } catch (e) {
      errors.push({ row: i + 1, reason: e instanceof AppError ? e.message : '导入失败' });
    }
  }
  await recordAuditAlone(ctx.db, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'cameras.import', targetType: 'cameras', detail: { imported: imported.length, errors: errors.length } });
  return { imported, errors };
}
