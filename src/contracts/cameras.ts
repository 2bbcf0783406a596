/** 雪亮工程 video resources: the camera register and case citations, shared by server and web. */
import { z } from 'zod';

export const CAMERA_CATEGORIES = ['class1', 'class2', 'class3'] as const;
export type CameraCategory = (typeof CAMERA_CATEGORIES)[number];
/** 一类: public-security key points (路口, 车站); 二类: industries and units; 三类: communities and villages */
export const CAMERA_CATEGORY_LABEL: Record<CameraCategory, string> = { class1: '一类', class2: '二类', class3: '三类' };

export const CAMERA_STATUSES = ['online', 'offline', 'fault', 'retired'] as const;
export type CameraStatus = (typeof CAMERA_STATUSES)[number];
export const CAMERA_STATUS_LABEL: Record<CameraStatus, string> = { online: '在线', offline: '离线', fault: '故障', retired: '停用' };

const lng = z.number().min(73).max(136);
const lat = z.number().min(3).max(54);

export const cameraBody = z.object({
  code: z.string().trim().min(1).max(40).regex(/^[\w-]+$/, '设备编码只能包含字母、数字、下划线和连字符'),
  name: z.string().trim().min(1).max(100),
  category: z.enum(CAMERA_CATEGORIES),
  lng: lng.nullable().optional(),
  lat: lat.nullable().optional(),
  /** used when no grid boundary holds the location (or no location is given) */
  areaCode: z.string().regex(/^\d{2,18}$/).optional(),
  address: z.string().trim().max(200).optional(),
  status: z.enum(CAMERA_STATUSES).default('online'),
  note: z.string().trim().max(500).optional(),
});
export type CameraBody = z.infer<typeof cameraBody>;

export const cameraPatch = cameraBody.partial().extend({ version: z.number().int().positive() });

export const cameraView = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
  areaCode: z.string(),
  address: z.string().nullable(),
  status: z.string(),
  statusLabel: z.string(),
  note: z.string().nullable(),
  /** the live view on the video platform, from the link template; null when no template is set */
  videoUrl: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
});
export type CameraView = z.infer<typeof cameraView>;

export const videoSettings = z.object({
  /** e.g. https://video.example/play?id={code}&t={time}; {code} device code, {time} yyyyMMddHHmmss (北京时间), {ts} Unix seconds, {iso} ISO time */
  linkTemplate: z
    .string()
    .trim()
    .max(500)
    .regex(/^https?:\/\/\S*\{code\}\S*$/, '须为 http(s) 网址，并包含 {code}')
    .nullable(),
});

export const caseCameraBody = z.object({
  cameraId: z.number().int().positive(),
  /** the moment of the footage to look at */
  at: z.iso.datetime({ offset: true }),
  note: z.string().trim().max(200).optional(),
});

export const caseCameraView = z.object({
  id: z.number(),
  cameraId: z.number(),
  code: z.string(),
  name: z.string(),
  categoryLabel: z.string(),
  at: z.string(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  videoUrl: z.string().nullable(),
});
export type CaseCameraView = z.infer<typeof caseCameraView>;
