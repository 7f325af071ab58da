// Bundles the widget into one script a shop embeds: dist/kefudesk.js (an IIFE, no globals but window.KefuDesk).
import { build } from "esbuild";

await build({
  entryPoints: ["src/index.ts"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile: "dist/kefudesk.js",
  legalComments: "none",
  logLevel: "warning",
  banner: { js: "/* KefuDesk buyer widget — https://kefudesk.dev */" },
});
