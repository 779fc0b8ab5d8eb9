import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';

/** The repository root, from source (scripts/) or compiled (dist/scripts/). */
function projectRoot(from = __dirname): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'apps', 'web'))) return dir;
  }
  throw new Error(`no project root above ${from}`);
}

export const ROOT = projectRoot();
/** Where `npm run build` puts the web app, and where the api serves it from by default. */
export const WEB_DIST = join(ROOT, 'dist', 'web');

const NHSUK = join(ROOT, 'node_modules', 'nhsuk-frontend', 'dist', 'nhsuk');

/**
 * The NHS.UK Frutiger font is licensed and served only from the NHS's own font host, which
 * our Content-Security-Policy (font-src 'self') refuses; the design system's fallback stack
 * (Arial) is used instead, so the @font-face rules that point there are dropped.
 */
export function withoutRemoteFonts(css: string): string {
  return css.replace(/@font-face\s*{[^}]*https?:\/\/[^}]*}/g, '');
}

/**
 * Builds apps/web into `outdir`: one script and one stylesheet with content hashes under
 * assets/, the NHS.UK frontend's images beside them, and index.html naming both. No inline
 * script anywhere, so every page works under the api's CSP.
 */
export async function buildWeb(outdir = WEB_DIST): Promise<{ script: string; style: string }> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(join(outdir, 'assets'), { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { app: 'apps/web/src/main.ts', style: 'apps/web/src/styles.css' },
    outdir: join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16', 'edge110'],
    tsconfig: 'apps/web/tsconfig.json',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => join(ROOT, file));
  const script = outputs.find((file) => /app-[^/]*\.js$/.test(file));
  const ours = outputs.find((file) => /style-[^/]*\.css$/.test(file));
  if (!script || !ours) throw new Error('the web build produced no script or stylesheet');
  // The design system's compiled stylesheet goes first, as published (esbuild would flag its
  // old-browser hacks), then ours.
  const nhsuk = withoutRemoteFonts(
    readFileSync(join(NHSUK, 'nhsuk-frontend.min.css'), 'utf8'),
  ).replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '');
  const css = `${nhsuk}\n${readFileSync(ours, 'utf8').replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '')}`;
  // Named by a hash of the whole, so a new design-system version is a new name too.
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 8).toUpperCase();
  const style = join(outdir, 'assets', `style-${hash}.css`);
  writeFileSync(style, css);
  rmSync(ours);
  rmSync(`${ours}.map`, { force: true });

  cpSync(join(NHSUK, 'assets', 'images'), join(outdir, 'assets', 'images'), { recursive: true });
  const html = readFileSync(join(ROOT, 'apps', 'web', 'index.html'), 'utf8')
    .replace('{{script}}', `/assets/${basename(script)}`)
    .replace('{{style}}', `/assets/${basename(style)}`);
  writeFileSync(join(outdir, 'index.html'), html);
  return { script: basename(script), style: basename(style) };
}

if (require.main === module) {
  const started = Date.now();
  buildWeb()
    .then(({ script, style }) =>
      console.log(`web app built in ${Date.now() - started} ms: dist/web (${script}, ${style})`),
    )
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}
