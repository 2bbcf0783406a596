import { chinaDate } from './deadline';

/** SJ-620523101-20261123-0001: kind prefix, town part of the area code, China date, daily sequence per town. */
export function caseNumber(prefix: string, areaCode: string, at: Date, seq: number): string {
  return `${prefix}-${numberArea(areaCode)}-${numberDay(at)}-${String(seq).padStart(4, '0')}`;
}

export function numberArea(areaCode: string): string {
  return areaCode.slice(0, 9);
}

export function numberDay(at: Date): string {
  return chinaDate(at).replaceAll('-', '');
}
