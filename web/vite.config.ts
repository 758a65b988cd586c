import { defineConfig } from "vite";

export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: { proxy: { "/api": "http://127.0.0.1:5080", "/openapi": "http://127.0.0.1:5080" } },
  test: { environment: "jsdom" },
});
