/** Strings numbered in the order first seen: the search columns store the numbers. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly at = new Map<string, number>();

  index(value: string): number {
    let i = this.at.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.at.set(value, i);
    }
    return i;
  }

  find(value: string): number | undefined {
    return this.at.get(value);
  }
}
