/** Camera photos are resized in the browser before upload: long side ≤ 1280 px, JPEG. */
export type Photo = { filename: string; mime: 'image/jpeg'; dataBase64: string; takenAt: string; size: number };

const MAX_SIDE = 1280;

function loadImage(file: File): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('图片无法读取'));
    };
    img.src = url;
  });
}

export async function resizePhoto(file: File): Promise<Photo> {
  const img = await loadImage(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
  const w = Math.max(1, Math.round(img.naturalWidth * scale));
  const h = Math.max(1, Math.round(img.naturalHeight * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('图片无法处理');
  ctx.drawImage(img, 0, 0, w, h);
  const dataUrl = canvas.toDataURL('image/jpeg', 0.72);
  const dataBase64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const name = file.name.replace(/\.[^.]*$/, '') || 'photo';
  return {
    filename: `${name}.jpg`,
    mime: 'image/jpeg',
    dataBase64,
    takenAt: new Date(file.lastModified || Date.now()).toISOString(),
    size: Math.round((dataBase64.length * 3) / 4),
  };
}

export type Position = { lng: number; lat: number; accuracy: number };

export function currentPosition(timeoutMs = 8000): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('手机不支持定位'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lng: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }),
      () => reject(new Error('没能取得位置，请手动选择地点')),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
