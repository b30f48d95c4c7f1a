export function newestMtime(entry: string, skip: ReadonlySet<string>): number;
