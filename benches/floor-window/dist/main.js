// Tells the shell once the page has painted, the way the app's catalogue does: a timeout
// queued in the next animation frame runs after that frame's paint.
requestAnimationFrame(() => {
  setTimeout(() => {
    window.__TAURI_INTERNALS__.invoke("painted").catch(() => undefined);
  }, 0);
});
