export function renderSlots(rows: unknown[]): string;
