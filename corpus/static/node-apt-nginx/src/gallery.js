const pictures = ['harbour.svg', 'hills.svg']
document.querySelector('#gallery').innerHTML = pictures.map((p) => `<img src="/pictures/${p}" alt="${p}">`).join('')
