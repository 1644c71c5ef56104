import { forecast } from './forecast.js'

const city = location.pathname.slice(1) || 'home'
document.querySelector('#board').textContent = `${city}: ${forecast(city)}`
