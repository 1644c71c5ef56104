export function render(title) {
  return `notes app: ${title}`
}
