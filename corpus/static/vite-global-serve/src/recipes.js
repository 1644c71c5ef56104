const recipes = ['pancakes', 'lentil soup', 'flatbread']

const list = document.querySelector('#recipes')
for (const r of recipes) {
  const li = document.createElement('li')
  li.textContent = r
  list.append(li)
}
