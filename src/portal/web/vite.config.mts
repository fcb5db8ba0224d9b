import { defineConfig } from 'vite';

/**
 * The portal is built on its own (`vite build src/portal/web`) into dist/portal, which the API
 * process serves at /portal. JSX goes through Vite's built-in oxc transform: no plugin, nothing
 * downloaded at build time.
 */
export default defineConfig({
  base: '/portal/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: '../../../dist/portal',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // react-router marks its modules "use client" (for server components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
