// Tide tables: the page is built by the front-end team into site/, next to this server's folder.
import express from 'express';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tides } from './tides.js';

const here = dirname(fileURLToPath(import.meta.url));
const site = resolve(here, '..', 'site');
const app = express();

app.get('/', (req, res) => res.sendFile(resolve(site, 'index.html')));
app.get('/api/tides/:port', (req, res) => {
  const table = tides[req.params.port];
  if (!table) return res.status(404).json({ error: 'unknown port' });
  return res.json(table);
});

app.listen(Number(process.env.PORT ?? 8080));
