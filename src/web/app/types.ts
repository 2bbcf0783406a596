/** Shapes of the API responses the console reads (the server's zod schemas are the source of truth). */

export type AreaPathItem = { code: string; name: string };

export type AreaSummary = {
  code: string;
  name: string;
  level: string;
  levelLabel?: string;
  parentCode?: string | null;
  gridType?: string | null;
  households?: number;
  population?: number;
  status?: string;
  childCount?: number;
  boundaryGenerated?: boolean;
  hasBoundary?: boolean;
  note?: string | null;
  /** ancestors from the province down, without the area itself */
  path?: AreaPathItem[];
  version?: number;
};

export type AreaDetail = AreaSummary & {
  levelLabel: string;
  parentCode: string | null;
  gridType: string | null;
  households: number;
  population: number;
  status: string;
  boundary: unknown;
  boundaryGenerated: boolean;
  childCount: number;
  path: AreaPathItem[];
  version: number;
};

export type AreaPost = {
  id: number;
  areaCode: string;
  post: string;
  personName: string;
  userId: number | null;
  specialty: string | null;
  phoneMasked: string | null;
  startedAt: string;
  endedAt: string | null;
};

export type ForceCount = { kind: string; count: number };
export type ForceMember = { id: number; areaCode?: string; areaName?: string | null; kind: string; personName: string; createdAt?: string };

export type BoundaryFeature = {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown } | null;
  properties: { code: string; name: string; level?: string; generated?: boolean };
};
export type BoundaryCollection = { type: 'FeatureCollection'; features: BoundaryFeature[] };

export type UserRow = {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  scopes: string[];
  departmentId: number | null;
  departmentName: string | null;
  status: string;
  mustChangePassword: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  version: number;
};

export type Department = { id: number; areaCode: string; name: string; kind: string };

export type AuditRow = {
  id: number;
  at: string;
  actorName: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  areaCode: string | null;
  result: string;
};
