'use strict';
// A bakery's price list: the shop's settings live in /etc/bakery (mounted over in production),
// the prices beside the code.
const express = require('express');
const fs = require('fs');
const { loadPrices } = require('./lib/prices');

const settings = JSON.parse(fs.readFileSync('/etc/bakery/settings.json', 'utf8'));
const prices = loadPrices();
const app = express();

app.get('/', (req, res) => {
  res.type('text/plain').send(`${settings.name}: ${prices.length} items, prices in ${settings.currency}\n`);
});

app.get('/prices', (req, res) => res.json(prices));

app.get('/prices/:item', (req, res) => {
  const found = prices.find((p) => p.item === req.params.item);
  if (!found) {
    res.status(404).json({ error: `no ${req.params.item} today` });
    return;
  }
  res.json({ ...found, currency: settings.currency });
});

app.listen(settings.port, () => console.log(`${settings.name} on ${settings.port}`));
