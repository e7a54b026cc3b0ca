// An ordinary Koa 3 app with @koa/router, in JavaScript (ES modules), unchanged for docgen.
// Document it with:   node --import docgen/register examples/koa/app.js
import Koa from 'koa';
import Router from '@koa/router';

const app = new Koa();

app.use(async function timing(ctx, next) {
  const started = Date.now();
  await next();
  ctx.set('x-response-time', `${Date.now() - started}ms`);
});

const posts = new Router({ prefix: '/posts' });
posts.get('list-posts', '/', async (ctx) => {
  ctx.body = [{ id: 1, slug: 'hello' }];
});
posts.get('get-post', '/:id', async (ctx) => {
  ctx.body = { id: Number(ctx.params.id) };
});
posts.post('/', async function createPost(ctx) {
  ctx.status = 201;
});

const comments = new Router();
comments.get('/', async function listComments(ctx) {
  ctx.body = [];
});
comments.del('/:commentId', async function deleteComment(ctx) {
  ctx.status = 204;
});
posts.use('/:slug/comments', comments.routes());

app.use(posts.routes()).use(posts.allowedMethods());

if (process.env.PORT) app.listen(Number(process.env.PORT), () => console.log(`listening on ${process.env.PORT}`));

export default app;
