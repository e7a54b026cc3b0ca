// An Express 5 app that already validates with celebrate (joi) and documents itself with JSDoc
// and typed handlers. docgen reads all three; nothing here is written for docgen.
//   node --import docgen/register examples/documented/app.ts
import express, { type Request, type Response } from 'express';
import { celebrate, Joi, Segments } from 'celebrate';

interface Pet {
  id: number;
  name: string;
  /** What kind of animal */
  kind: 'cat' | 'dog' | 'fish';
}

const NewPet = Joi.object({
  name: Joi.string().min(1).max(40).required(),
  kind: Joi.string().valid('cat', 'dog', 'fish').required(),
}).id('NewPet');

const app = express();
app.use(express.json());

/**
 * List the pets.
 *
 * Newest first.
 * @tags pets
 * @response 200 The pets
 */
app.get(
  '/pets',
  celebrate({ [Segments.QUERY]: Joi.object({ kind: Joi.string().valid('cat', 'dog', 'fish'), limit: Joi.number().integer().min(1).max(100) }) }),
  (_req: Request, res: Response<Pet[]>) => {
    res.json([]);
  },
);

/**
 * Add a pet.
 * @tags pets
 * @response 201 The pet, with its id
 * @response 400 The body is not a pet
 */
app.post('/pets', celebrate({ [Segments.BODY]: NewPet }), (req: Request<Record<string, never>, Pet>, res: Response<Pet>) => {
  res.status(201).json({ id: 1, ...req.body });
});

/**
 * Remove a pet.
 * @tags pets
 * @param path.petId - the pet's id
 * @deprecated pets are forever
 * @response 204 Removed
 */
app.delete('/pets/:petId', celebrate({ [Segments.PARAMS]: Joi.object({ petId: Joi.number().integer().required() }) }), (_req, res) => {
  res.sendStatus(204);
});

if (process.env.PORT) app.listen(Number(process.env.PORT));

export default app;
