import { render } from './render.js'
import './style.css'

const routes = { '/': 'All notes', '/about': 'About this app' }
document.querySelector('#app').textContent = render(routes[location.pathname] ?? 'Note ' + location.pathname.slice(1))
