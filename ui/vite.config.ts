import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the bundle is loaded both from the Tauri custom protocol and from `/`.
  base: "./",
  // A fixed port for the Tauri shell's devUrl; failing beats silently moving to another port.
  server: { port: 1420, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.4x (the Linux webview) handles ES2021 without transpilation surprises.
    target: "es2021",
  },
});
