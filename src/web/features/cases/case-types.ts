/** Case API shapes as the web reads them (the server's zod contracts are the source of truth). */
import type { z } from 'zod';
import type {
  attachmentView,
  CaseListItem,
  CaseView,
  categoryItem,
  dispatchView,
  duplicateView,
  requestView,
  supervisionView,
  timelineItem,
} from '../../../contracts/cases';

export type { CaseListItem, CaseView };
export type CaseDispatch = z.infer<typeof dispatchView>;
export type CaseAttachment = z.infer<typeof attachmentView>;
export type CaseRequest = z.infer<typeof requestView>;
export type CaseSupervision = z.infer<typeof supervisionView>;
export type CaseTimelineItem = z.infer<typeof timelineItem>;
export type CaseDuplicate = z.infer<typeof duplicateView>;
export type CaseCategory = z.infer<typeof categoryItem>;
export type DeskCounts = Partial<Record<string, number>>;
export type CreatedCase = { id: number; number: string; status: string; version: number; duplicates: CaseDuplicate[] };
