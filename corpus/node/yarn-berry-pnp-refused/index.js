const ms = require("ms");
console.log(ms(90000));
