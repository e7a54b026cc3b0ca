import { Router, type Request, type Response } from 'express';

export const books = Router({ mergeParams: true });

interface Book {
  id: string;
  title: string;
}
const shelf: Book[] = [{ id: '1', title: 'Dune' }];

books.get('/', function listBooks(_req: Request, res: Response) {
  res.json(shelf);
});

books
  .route('/:bookId')
  .get(function getBook(req: Request, res: Response) {
    res.json(shelf.find((b) => b.id === req.params.bookId) ?? null);
  })
  .delete(function deleteBook(_req: Request, res: Response) {
    res.status(204).end();
  });

books.post('/', function createBook(req: Request, res: Response) {
  res.status(201).json(req.body);
});

// Covers and excerpts are served from one optional segment: two paths in the document.
books.get('/:bookId/preview{/:page}', function previewBook(req: Request, res: Response) {
  res.json({ page: req.params.page ?? '1' });
});
