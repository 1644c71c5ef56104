import express from 'express';
import { join } from 'path';
import { notes } from './routes/notes';
import { signer } from './keys';

const app = express();
app.set('view engine', 'ejs');
app.set('views', join(__dirname, '..', 'views'));

app.get('/', (_req, res) => res.render('index', { count: 3, key: signer.fingerprint }));
app.use('/notes', notes);

app.listen(Number(process.env.PORT ?? 3000));
