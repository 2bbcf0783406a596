import { FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Image, List, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { api } from '../../app/api';
import { showApiError } from '../../ui/form-errors';
import type { CaseAttachment } from './case-types';
import type { MapPoint } from './case-map';

export const ATTACHMENT_ACCEPT = 'image/jpeg,image/png,application/pdf';
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

type AttachmentMime = 'image/jpeg' | 'image/png' | 'application/pdf';
export type AttachmentBody = { filename: string; mime: AttachmentMime; dataBase64: string; takenAt?: string; lng?: number; lat?: number };

function mimeOf(file: File): AttachmentMime | null {
  if (file.type === 'image/jpeg' || /\.jpe?g$/i.test(file.name)) return 'image/jpeg';
  if (file.type === 'image/png' || /\.png$/i.test(file.name)) return 'image/png';
  if (file.type === 'application/pdf' || /\.pdf$/i.test(file.name)) return 'application/pdf';
  return null;
}

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A picked file as the attachment body: type by extension, time from the file, GPS from the marked point. */
export async function attachmentBodyOf(file: File, point?: MapPoint | null): Promise<AttachmentBody> {
  const mime = mimeOf(file);
  if (!mime) throw new Error(`${file.name}：只能上传JPG、PNG照片或PDF文件`);
  if (file.size > ATTACHMENT_MAX_BYTES) throw new Error(`${file.name}：附件不能超过5MB`);
  return {
    filename: file.name,
    mime,
    dataBase64: toBase64(await file.arrayBuffer()),
    takenAt: new Date(file.lastModified || Date.now()).toISOString(),
    ...(point ? { lng: point.lng, lat: point.lat } : {}),
  };
}

export async function uploadAttachment(caseId: number, file: File, point?: MapPoint | null): Promise<CaseAttachment> {
  return api.post<CaseAttachment>(`/api/cases/${caseId}/attachments`, await attachmentBodyOf(file, point));
}

export function attachmentUrl(caseId: number, attachmentId: number): string {
  return `/api/cases/${caseId}/attachments/${attachmentId}`;
}

function size(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** 附件: thumbnails for photos, and for every file its SHA-256, time and GPS (evidence that cannot be swapped). */
export function AttachmentList({ caseId, items }: { caseId: number; items: CaseAttachment[] }) {
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无附件" />;
  return (
    <List
      data-testid="attachment-list"
      itemLayout="horizontal"
      dataSource={items}
      renderItem={(a) => (
        <List.Item>
          <List.Item.Meta
            avatar={
              a.mime.startsWith('image/') ? (
                <Image src={attachmentUrl(caseId, a.id)} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} alt={a.filename} />
              ) : (
                <a href={attachmentUrl(caseId, a.id)} aria-label={a.filename}>
                  <FilePdfOutlined style={{ fontSize: 48, color: '#cf1322' }} />
                </a>
              )
            }
            title={
              <Space>
                <a href={attachmentUrl(caseId, a.id)}>{a.filename}</a>
                <Typography.Text type="secondary">{size(a.size)}</Typography.Text>
              </Space>
            }
            description={
              <div style={{ fontSize: 12 }}>
                <div>
                  SHA-256：
                  <Typography.Text code copyable style={{ fontSize: 11 }} data-testid="attachment-sha256">
                    {a.sha256}
                  </Typography.Text>
                </div>
                <div>
                  拍摄时间：{a.takenAt ? dayjs(a.takenAt).format('YYYY-MM-DD HH:mm:ss') : '—'} · 上传：{dayjs(a.createdAt).format('YYYY-MM-DD HH:mm')}
                </div>
                <div>GPS：{a.lng !== null && a.lat !== null ? `${a.lng.toFixed(6)}, ${a.lat.toFixed(6)}` : '无'}</div>
              </div>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** 上传附件 on an existing case. */
export function AttachmentUpload({ caseId, point, onUploaded }: { caseId: number; point?: MapPoint | null; onUploaded: () => void }) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const pick = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    try {
      for (const f of Array.from(files)) await uploadAttachment(caseId, f, point);
      message.success('附件已上传');
      onUploaded();
    } catch (e) {
      showApiError(e, message);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <>
      <input ref={input} type="file" accept={ATTACHMENT_ACCEPT} multiple style={{ display: 'none' }} onChange={(e) => pick(e.target.files)} data-testid="attachment-input" />
      <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
        上传照片或文件
      </Button>
    </>
  );
}
