/** 雪亮工程 video resources: the camera register and the cameras a case cites. */
import { doublePrecision, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts } from '../columns';

export const cameras = pgTable(
  'cameras',
  {
    id: serial('id').primaryKey(),
    /** the video platform's device code (国标编码 or the platform's own) */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** class1 一类 (public-security key points) | class2 二类 (industry/units) | class3 三类 (community/village) */
    category: text('category').notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    /** the grid whose boundary holds the location, when one does */
    gridCode: text('grid_code'),
    /** scope of the record: the grid, or the area given when no grid holds the point */
    areaCode: text('area_code').notNull(),
    address: text('address'),
    /** online | offline | fault | retired */
    status: text('status').notNull().default('online'),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('cameras_code_idx').on(t.code), index('cameras_area_idx').on(t.areaCode)],
);

/** A case cites a camera and a moment (the footage to look at). */
export const caseCameraRefs = pgTable(
  'case_camera_refs',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    cameraId: integer('camera_id').notNull(),
    at: ts('at').notNull(),
    note: text('note'),
    createdBy: integer('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('case_camera_refs_case_idx').on(t.caseId), index('case_camera_refs_camera_idx').on(t.cameraId)],
);
