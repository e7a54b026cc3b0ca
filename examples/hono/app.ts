// An ordinary Hono 4 app in TypeScript, unchanged for docgen.
// Document it with:   node --import docgen/register examples/hono/app.ts
import { Hono, type MiddlewareHandler } from 'hono';
import { serve } from '@hono/node-server';

const requireToken: MiddlewareHandler = async (c, next) => {
  if (!c.req.header('authorization')) return c.json({ error: 'unauthorized' }, 401);
  await next();
};

const todos = new Hono();
todos.get('/', function listTodos(c) {
  return c.json([{ id: 1, title: 'write docs' }]);
});
todos.get('/:id{[0-9]+}', function getTodo(c) {
  return c.json({ id: Number(c.req.param('id')) });
});
todos.post('/', requireToken, async function createTodo(c) {
  return c.json(await c.req.json(), 201);
});

const app = new Hono().basePath('/api');
app.use('*', async function poweredBy(c, next) {
  await next();
  c.header('x-powered-by', 'hono');
});
app.get('/health', (c) => c.text('ok'));
app.route('/todos', todos);

if (process.env.PORT) serve({ fetch: app.fetch, port: Number(process.env.PORT) });

export default app;
