export type Status = "label-created" | "in-transit" | "out-for-delivery" | "delivered";

export interface Parcel {
  id: string;
  status: Status;
  hops: string[];
}

const parcels: Parcel[] = [
  { id: "PX-1001", status: "delivered", hops: ["Leeds", "York", "Hull"] },
  { id: "PX-1002", status: "in-transit", hops: ["Cork", "Dublin"] },
  { id: "PX-1003", status: "label-created", hops: [] },
];

export function findParcel(id: string): Parcel | undefined {
  return parcels.find((p) => p.id === id.toUpperCase());
}

export function summary(): Record<Status, number> {
  const counts: Record<Status, number> = { "label-created": 0, "in-transit": 0, "out-for-delivery": 0, delivered: 0 };
  for (const p of parcels) counts[p.status] += 1;
  return counts;
}
