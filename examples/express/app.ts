// An ordinary Express 5 app in TypeScript, with no docgen-specific code in it.
// Document it with:   node --import docgen/register examples/express/app.ts
import express, { type NextFunction, type Request, type Response } from 'express';
import { books } from './books.js';

enum Plan {
  Free = 'free',
  Pro = 'pro',
}

class RateLimiter {
  constructor(private readonly plan: Plan) {}
  limit(_req: Request, res: Response, next: NextFunction): void {
    res.set('x-plan', this.plan);
    next();
  }
}

function requireApiKey(req: Request, res: Response, next: NextFunction): void {
  if (req.get('x-api-key') === undefined) res.status(401).json({ error: 'missing x-api-key' });
  else next();
}

const app = express();
app.use(express.json());
const limiter = new RateLimiter(Plan.Free);
app.use(function rateLimit(req, res, next) {
  limiter.limit(req, res, next);
});

app.get('/health', function health(_req, res) {
  res.json({ ok: true });
});

app.use('/shops/:shopId/books', requireApiKey, books);

const admin = express();
admin.get('/stats', function adminStats(_req, res) {
  res.json({ books: 3 });
});
app.use('/admin', admin);

if (process.env.PORT) {
  app.listen(Number(process.env.PORT), () => console.log(`listening on ${process.env.PORT}`));
}

export default app;
