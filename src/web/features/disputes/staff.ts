import { useEffect, useState } from 'react';
import { api, type Page } from '../../app/api';
import type { StaffMember } from './dispute-types';

const cache = new Map<number, Promise<StaffMember[]>>();

/** The staff of the dispute's town who may be picked as mediators or meeting participants (loaded once per dispute). */
export function useDisputeStaff(caseId: number): StaffMember[] {
  const [items, setItems] = useState<StaffMember[]>([]);
  useEffect(() => {
    let load = cache.get(caseId);
    if (!load) {
      load = api.get<Page<StaffMember>>(`/api/disputes/${caseId}/staff`).then((r) => r.items);
      load.catch(() => cache.delete(caseId));
      cache.set(caseId, load);
    }
    let live = true;
    load.then((r) => live && setItems(r)).catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [caseId]);
  return items;
}

export const staffLabel = (s: StaffMember) => `${s.name}(${s.department ?? s.roleLabel})`;

/** Options whose value is the name written into the record. */
export function staffOptions(staff: StaffMember[]) {
  return staff.map((s) => ({ value: s.name, label: staffLabel(s) }));
}
