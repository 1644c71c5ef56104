const ms = require("ms");

setInterval(() => {
  console.log(`tick, next in ${ms(30000)}`);
}, 30000);
