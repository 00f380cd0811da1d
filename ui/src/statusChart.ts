// Chart.js, set up once for the status pages (imported for its effect by every chart): only
// the pieces the charts use are registered, so the rest is tree-shaken. Chart.js draws on a
// canvas and sizes it through the CSSOM, so it runs under the strict CSP (no inline <style>,
// no eval). Colours are in statusColors.ts.
import {
  ArcElement,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(
  ArcElement,
  BarElement,
  CategoryScale,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);
Chart.defaults.color = "#1d2630";
Chart.defaults.font.family =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';
Chart.defaults.font.size = 13;
if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
  Chart.defaults.animation = false;
} else if (Chart.defaults.animation) {
  // Only the duration: the rest of the animation defaults (easing …) stay as they are.
  Chart.defaults.animation.duration = 300;
}
