// Copies the dist files of our front-end dependencies into the git-ignored static/vendor folder.
// A file that names a source map (sourceMappingURL) gets its map copied beside it: the files stay exactly
// as published, browser developer tools can use the maps, and `collectstatic` (ManifestStaticFilesStorage
// rewrites those references to hashed names) finds every file it is pointed to.
import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src", "agentpath", "static", "vendor");
const files = [
  "bootstrap/dist/css/bootstrap.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js",
  "htmx.org/dist/htmx.min.js",
  "echarts/dist/echarts.min.js",
];
mkdirSync(out, { recursive: true });
let copied = 0;
for (const file of files) {
  const src = join(root, "node_modules", file);
  cpSync(src, join(out, basename(file)));
  copied++;
  const map = /[#@] sourceMappingURL=([^\s*]+)/.exec(readFileSync(src, "utf8").slice(-500));
  if (map) {
    const mapSrc = join(dirname(src), map[1]);
    if (!existsSync(mapSrc)) throw new Error(`${file} names the source map ${map[1]}, which is not in the package`);
    cpSync(mapSrc, join(out, basename(map[1])));
    copied++;
  }
}
console.log(`copied ${copied} vendor files to ${out}`);
