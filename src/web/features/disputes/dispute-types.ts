/** Shapes of the dispute, petition and 12345 APIs as the console reads them (the server's presenters are the source). */

export type DisputeLedgerItem = {
  id: number;
  number: string;
  title: string;
  areaCode: string;
  status: string;
  statusLabel: string;
  typeCode: string;
  typeName: string;
  riskLevel: string;
  riskLabel: string;
  source: string;
  sourceLabel: string;
  step: string;
  stepName: string;
  peopleInvolved: number;
  isGroup: boolean;
  outcome: string | null;
  outcomeLabel: string | null;
  createdAt: string;
  dueAt: string | null;
};

export type DisputeParty = { id: number; name: string; role: string; roleLabel: string; partyType: string; members: number; phone: string | null; address: string | null };
export type MediationSession = { id: number; heldOn: string; place: string | null; mediators: string[]; partiesPresent: string[]; record: string; result: string };
export type MeetingParticipant = { name: string; unit: string; kind: string };
export type ConsultTask = { id: number; task: string; ownerUnit: string; dueOn: string | null; status: string; result: string | null; doneAt: string | null };
export type ConsultMeeting = { id: number; heldOn: string; topic: string; participants: MeetingParticipant[]; conclusions: string; tasks: ConsultTask[] };
export type Agreement = {
  id: number;
  status: string;
  version: number;
  committee: string;
  partiesText: string;
  terms: string[];
  mediators: string[];
  copies: number;
  oral: boolean;
  signedOn: string | null;
  confirmDeadline: string | null;
  confirmDaysLeft: number | null;
  confirmAppliedOn: string | null;
  confirmCourt: string | null;
  createdAt: string;
};
export type AccountabilityRecord = { kind: string; target: string; reason: string; at: string; by: string };

export type Dispute = DisputeLedgerItem & {
  version: number;
  description: string;
  tier: string;
  amountYuan: number | null;
  fromCaseId: number | null;
  violenceRisk: boolean;
  outcomeAt: string | null;
  outcomeOnTime: boolean | null;
  litigationCourt: string | null;
  litigationDate: string | null;
  terminateReason: string | null;
  appraisalInstitution: string | null;
  performance: string | null;
  accountability: AccountabilityRecord[];
  rating: string | null;
  parties: DisputeParty[];
  sessions: MediationSession[];
  meetings: ConsultMeeting[];
  agreements: Agreement[];
};

export type StaffMember = { id: number; name: string; role: string; roleLabel: string; department: string | null; departmentKind: string | null };
