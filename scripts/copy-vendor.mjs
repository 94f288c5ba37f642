// Copies the dist files of our front-end dependencies into the git-ignored static/vendor folder.
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src", "agentpath", "static", "vendor");
const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
  "echarts/dist/echarts.min.js": "echarts.min.js",
};
mkdirSync(out, { recursive: true });
for (const [src, dest] of Object.entries(files)) {
  cpSync(join(root, "node_modules", src), join(out, dest));
}
console.log(`copied ${Object.keys(files).length} vendor files to ${out}`);
