/**
 * For the few places that build HTML strings — ECharts tooltips are rendered with innerHTML — every piece
 * of text a user typed (area and grid names, case titles) goes through this first. React escapes the rest.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
