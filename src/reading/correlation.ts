/** Pearson's correlation of pairs of values, added one pair at a time; 0 when either side does not vary. */
export class Correlation {
  #n = 0;
  #sa = 0;
  #sb = 0;
  #saa = 0;
  #sbb = 0;
  #sab = 0;

  add(a: number, b: number): void {
    this.#n++;
    this.#sa += a;
    this.#sb += b;
    this.#saa += a * a;
    this.#sbb += b * b;
    this.#sab += a * b;
  }

  get value(): number {
    const n = this.#n;
    if (!n) return 0;
    const va = this.#saa - (this.#sa * this.#sa) / n;
    const vb = this.#sbb - (this.#sb * this.#sb) / n;
    if (va <= 0 || vb <= 0) return 0;
    return (this.#sab - (this.#sa * this.#sb) / n) / Math.sqrt(va * vb);
  }
}
