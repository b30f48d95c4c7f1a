/**
 * Weighted random order without replacement: the first pick is proportional to weight (the load
 * balancing), the rest follow in the same way (the fallback order). Weight 0 means "fallback
 * only": such targets come after every weighted one.
 */
export function weightedOrder<T extends { weight: number }>(
  items: readonly T[],
  random: () => number = Math.random,
): T[] {
  if (items.length <= 1) return [...items];
  const pool = items.filter((item) => item.weight > 0);
  const spare = items.filter((item) => item.weight <= 0);
  const ordered: T[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((sum, item) => sum + item.weight, 0);
    let ticket = random() * total;
    let index = 0;
    while (index < pool.length - 1 && ticket >= pool[index].weight) {
      ticket -= pool[index].weight;
      index++;
    }
    ordered.push(pool[index]);
    pool.splice(index, 1);
  }
  return ordered.concat(spare);
}
