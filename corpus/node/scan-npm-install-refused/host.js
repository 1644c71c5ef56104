// Installs the plugins listed in plugins.txt when it starts, then loads them.
const { execFileSync } = require('child_process');
const fs = require('fs');
const ms = require('ms');

const wanted = fs.readFileSync('plugins.txt', 'utf8').split('\n').filter(Boolean);
if (wanted.length) {
  execFileSync('npm', ['install', '--no-save', ...wanted], { stdio: 'inherit' });
}
console.log(`plugin host up, ${wanted.length} plugins, idle timeout ${ms(60000)}`);
setInterval(() => {}, ms('1h'));
