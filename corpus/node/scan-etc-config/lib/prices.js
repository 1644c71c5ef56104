'use strict';
const fs = require('fs');
const path = require('path');

function loadPrices() {
  const file = path.join(__dirname, '..', 'data', 'prices.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

module.exports = { loadPrices };
