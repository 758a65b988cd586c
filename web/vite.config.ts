import { defineConfig } from "vite";

export default defineConfig({
  // The Explore tab's chunk carries deck.gl (about 610 kB, 175 kB gzipped), loaded only when that tab opens.
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 700 },
  server: { proxy: { "/api": "http://127.0.0.1:5080", "/openapi": "http://127.0.0.1:5080" } },
  test: { environment: "jsdom" },
});
