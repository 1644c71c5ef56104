export interface Item {
  sku: string;
  name: string;
  quantity: number;
}

const items: Item[] = [
  { sku: "A-100", name: "hex bolt", quantity: 420 },
  { sku: "B-200", name: "wing nut", quantity: 0 },
  { sku: "C-300", name: "washer", quantity: 1500 },
];

export function find(sku: string): Item | undefined {
  return items.find((i) => i.sku === sku);
}

export function inStock(): Item[] {
  return items.filter((i) => i.quantity > 0);
}
