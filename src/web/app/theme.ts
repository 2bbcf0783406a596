import type { ThemeConfig } from 'antd';

/** A restrained deep red, the colour of the county office's own letterhead, on antd's dark side menu. */
export const BRAND_RED = '#a8071a';
export const SIDER_BG = '#141a26';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_RED,
    colorLink: '#1d4f91',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Hiragino Sans GB', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Helvetica Neue', Arial, sans-serif",
    colorBgLayout: '#f0f2f5',
  },
  components: {
    Layout: { siderBg: SIDER_BG, headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px', triggerBg: '#0d121b' },
    Menu: { darkItemBg: SIDER_BG, darkSubMenuItemBg: '#0d121b', darkItemSelectedBg: BRAND_RED },
  },
};
