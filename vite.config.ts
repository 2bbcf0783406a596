import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const web = (file: string) => fileURLToPath(new URL(`./src/web/${file}`, import.meta.url));

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // the manifest lets scripts/web-size.mjs follow each entry's chunks
    manifest: true,
    // two pages: the console (antd) and the mobile apps (own small UI kit, /m and /m/worker)
    rollupOptions: { input: { console: web('index.html'), mobile: web('m.html') } },
  },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000', '/open311': 'http://localhost:3000' } },
});
