import { Card } from 'antd';
import type { ReactNode } from 'react';

/** The centred card on the brand background shared by the login and change-password pages. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="fq-login-bg">
      <div className="fq-login-title">
        <h1>枫桥</h1>
        <p>基层社会治理平台 · 中心吹哨 部门报到</p>
      </div>
      <Card title={title} style={{ width: 400, maxWidth: '100%', boxShadow: '0 8px 28px rgba(0,0,0,0.12)' }}>
        {children}
      </Card>
      <div className="fq-footer">坚持和发展新时代“枫桥经验” · 矛盾不上交、平安不出事、服务不缺位</div>
    </div>
  );
}
