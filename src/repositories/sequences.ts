/** Named counters that never hand out a number twice (voucher numbers `YYYY-NNNN`). */
export interface SequenceRepository {
  /**
   * Takes the next `count` numbers of the counter `name` and resolves with the first of them. A counter not
   * yet stored starts after `last()`, the highest number already used (from before counters were kept).
   */
  take(name: string, count: number, last: () => Promise<number>): Promise<number>;
}
