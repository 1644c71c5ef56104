import { Router } from 'express';

export const notes = Router();
const all = [
  { id: 1, text: 'buy flour' },
  { id: 2, text: 'call the plumber' },
  { id: 3, text: 'water the basil' },
];

notes.get('/', (_req, res) => res.json(all));
notes.get('/:id', (req, res) => {
  const note = all.find((n) => n.id === Number(req.params.id));
  if (!note) return res.status(404).json({ error: 'no such note' });
  return res.json(note);
});
