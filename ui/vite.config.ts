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
    // The engines the UI runs in: WebKitGTK and WKWebView (Safari 15+ features), WebView2, and
    // current browsers in browser mode. Left to follow "es2021", the CSS was lowered for old
    // Firefox versions, which turns `system-ui` into a twelve-font list (see app.css for why
    // that matters).
    cssTarget: ["chrome105", "edge105", "firefox115", "safari15"],
  },
});
