// Synthetic apps for the benchmark: N routes spread over 20 routers, each in a module of its own
// (as real apps keep them: routes/r7.mjs), mounted with a parameter in the mount path, with
// route chains, path parameters and middleware, one statement per route as a real app declares
// them. Express 5, Express 4, Koa + @koa/router and Hono; JavaScript (.mjs) and TypeScript (.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FRAMEWORKS = ['express5', 'express4', 'koa', 'hono'];
const ROUTERS = 20;

const sig = (ts, params) => (ts ? `(${params.map((p) => `${p}: any`).join(', ')})` : `(${params.join(', ')})`);

/** One router module: its imports, its router, its routes, `export default`. */
function routerModule(framework, g, count, ts) {
  const out = [];
  const enumLine = ts ? 'enum Kind { Item, Other }\nexport const kinds: Kind[] = [Kind.Item, Kind.Other];' : '';
  if (framework === 'express5' || framework === 'express4') {
    const h = `${sig(ts, ['req', 'res'])} => res.end()`;
    const mw = `${sig(ts, ['req', 'res', 'next'])} => next()`;
    out.push(`import express from '${framework}';`, enumLine, 'const router = express.Router({ mergeParams: true });');
    out.push(`router.use(function auth${g}${sig(ts, ['req', 'res', 'next'])} { next(); });`);
    for (let k = 0; k < count; k += 2) out.push(`router.route('/items${k}/:id').get(${h}).put(${mw}, ${h});`);
  } else if (framework === 'koa') {
    const h = `async ${sig(ts, ['ctx'])} => { ctx.body = 'ok'; }`;
    out.push(`import Router from '@koa/router';`, enumLine, 'const router = new Router();');
    out.push(`router.use(async function auth${g}${sig(ts, ['ctx', 'next'])} { await next(); });`);
    for (let k = 0; k < count; k += 2) out.push(`router.get('/items${k}/:id', ${h});`, `router.put('/items${k}/:id', ${h});`);
  } else {
    const h = `${sig(ts, ['c'])} => c.text('ok')`;
    out.push(`import { Hono } from 'hono';`, enumLine, 'const router = new Hono();');
    out.push(`router.use('*', async function auth${g}${sig(ts, ['c', 'next'])} { await next(); });`);
    for (let k = 0; k < count; k += 2) out.push(`router.get('/items${k}/:id', ${h});`, `router.put('/items${k}/:id', ${h});`);
  }
  out.push('export default router;', '');
  return out.join('\n');
}

/** The app module: imports the routers, mounts them, listens when PORT is set. */
function appModule(framework, ext, ts) {
  const out = [];
  const imports = Array.from({ length: ROUTERS }, (_, g) => `import r${g} from './routes/r${g}.${ext}';`);
  const ready = 'console.log(`listening ${port}`)';
  if (framework === 'express5' || framework === 'express4') {
    out.push(`import express from '${framework}';`, ...imports, 'const app = express();', `app.use(function requestTimer${sig(ts, ['req', 'res', 'next'])} { next(); });`);
    for (let g = 0; g < ROUTERS; g++) out.push(`app.use('/g${g}/:tenant', r${g});`);
    out.push('const port = Number(process.env.PORT ?? 0);', `if (port) app.listen(port, '127.0.0.1', () => ${ready});`);
  } else if (framework === 'koa') {
    out.push(`import Koa from 'koa3';`, `import Router from '@koa/router';`, ...imports, 'const app = new Koa();', 'const root = new Router();');
    out.push(`app.use(async function requestTimer${sig(ts, ['ctx', 'next'])} { await next(); });`);
    for (let g = 0; g < ROUTERS; g++) out.push(`root.use('/g${g}/:tenant', r${g}.routes());`);
    out.push('app.use(root.routes()).use(root.allowedMethods());', 'const port = Number(process.env.PORT ?? 0);', `if (port) app.listen(port, '127.0.0.1', () => ${ready});`);
  } else {
    out.push(`import { Hono } from 'hono';`, ...imports, 'const app = new Hono();', `app.use('*', async function requestTimer${sig(ts, ['c', 'next'])} { await next(); });`);
    for (let g = 0; g < ROUTERS; g++) out.push(`app.route('/g${g}/:tenant', r${g});`);
    out.push('const port = Number(process.env.PORT ?? 0);', `if (port) { const { serve } = await import('@hono/node-server'); serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => ${ready}); }`);
  }
  out.push('export default app;', '');
  return out.join('\n');
}

/**
 * What each app's package.json declares, as the project of such an app would: docgen reads it to
 * decide whether the app needs module hooks (src/loading/node.ts). The packages resolve from the
 * repository's node_modules above bench/out.
 */
const DEPENDENCIES = {
  express5: { express5: 'npm:express@^5.1.0' },
  express4: { express4: 'npm:express@^4.21.0' },
  koa: { koa3: 'npm:koa@^3.3.0', '@koa/router': '^15.7.0' },
  hono: { hono: '^4.13.19', '@hono/node-server': '^2.1.9' },
};

/** An app's folder: package.json, app.<ext>, routes/r<g>.<ext>. Returns the app file. */
function appFolder(dir, name, framework, ext) {
  mkdirSync(join(dir, name, 'routes'), { recursive: true });
  const manifest = { name: `bench-${name}`, version: '1.0.0', type: 'module', private: true, dependencies: DEPENDENCIES[framework] };
  writeFileSync(join(dir, name, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  return join(dir, name, `app.${ext}`);
}

/** Writes the apps; returns { framework, routes, lang, file } for each. */
export function generateApps(dir, sizes) {
  const apps = [];
  for (const framework of FRAMEWORKS) {
    for (const routes of sizes) {
      for (const lang of ['js', 'ts']) {
        const ext = lang === 'js' ? 'mjs' : 'ts';
        const name = `${framework}-${routes}-${lang}`;
        const file = appFolder(dir, name, framework, ext);
        const perRouter = Math.ceil(routes / ROUTERS);
        for (let g = 0; g < ROUTERS; g++) writeFileSync(join(dir, name, 'routes', `r${g}.${ext}`), routerModule(framework, g, perRouter, lang === 'ts'));
        writeFileSync(file, appModule(framework, ext, lang === 'ts'));
        apps.push({ framework, routes, lang, file });
      }
    }
  }
  return apps;
}

/**
 * An Express 5 TypeScript app of `routes` routes in ROUTERS router files, each file `header`
 * then `route(k, g)` for each of its routes: the apps below, for the cost of reading source.
 */
function expressTsApp(dir, name, routes, framework, header, route) {
  const file = appFolder(dir, name, 'express5', 'ts');
  const perRouter = Math.ceil(routes / ROUTERS);
  for (let g = 0; g < ROUTERS; g++) {
    const out = ["import express, { type Request, type Response } from 'express5';", ...header];
    for (let k = 0; k < perRouter; k++) out.push(...route(k, g));
    out.push('export default router;', '');
    writeFileSync(join(dir, name, 'routes', `r${g}.ts`), out.join('\n'));
  }
  writeFileSync(file, appModule('express5', 'ts', true));
  return { framework, routes, lang: 'ts', file };
}

/**
 * An Express 5 TypeScript app whose every route has a JSDoc block and a typed handler, for the
 * cost of reading them (parsed with the typescript package when the document is built).
 */
export function generateDocumentedApp(dir, routes) {
  const header = ['interface Item { id: string; name: string; tags?: string[] }', 'const router = express.Router({ mergeParams: true });'];
  return expressTsApp(dir, `documented-express5-${routes}-ts`, routes, 'express5 (JSDoc + types)', header, (k, g) => [
    '/**',
    ` * Show item ${k} of group ${g}.`,
    ' *',
    ' * Items are listed in the order they were added.',
    ` * @tags g${g}`,
    ' * @param path.id - the item',
    ' * @response 200 The item',
    ' * @response 404 No such item',
    ' */',
    `router.get('/items${k}/:id', (req: Request<{ id: string }, Item, never, { q?: string }>, res: Response<Item>) => res.end());`,
  ]);
}

/**
 * An Express 5 TypeScript app whose every handler sends what handler-responses.ts reads: a
 * helper's 404, a 201 with a literal body, a status constant of http-status-codes, query, header
 * and body reads; for the cost of reading them when the document is built.
 */
export function generateSendingApp(dir, routes) {
  const header = [
    "import { StatusCodes } from 'http-status-codes';",
    'const router = express.Router({ mergeParams: true });',
    'function notFound(res: Response, what: string) {',
    '  return res.status(StatusCodes.NOT_FOUND).json({ code: 404, message: `${what} not found` });',
    '}',
  ];
  return expressTsApp(dir, `sending-express5-${routes}-ts`, routes, 'express5 (handlers that send)', header, (k) => [
    `router.post('/items${k}/:id', (req: Request, res: Response) => {`,
    '  const { name, size } = req.body;',
    "  if (!req.query.q || !req.get('X-Request-Id')) return notFound(res, 'item');",
    `  res.status(StatusCodes.CREATED).json({ id: ${k}, name, size, tags: ['a'], ok: true });`,
    '});',
  ]);
}
