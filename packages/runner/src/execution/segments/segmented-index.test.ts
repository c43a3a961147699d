import { describe, expect, it } from "vitest";
import { SegmentedIndex } from "./segmented-index.js";
import { ExecutionTuple } from "./tuple.js";

const pair = (index: SegmentedIndex): [number, number] => [index.scaled, index.unscaled];

describe("SegmentedIndex (k6's TestSegmentedIndex)", () => {
  it("walks the whole test one by one", () => {
    const index = new SegmentedIndex(ExecutionTuple.create());
    expect(pair(index.next())).toEqual([1, 1]);
    expect(pair(index.prev())).toEqual([0, 0]);
    expect([pair(index.next()), pair(index.next()), pair(index.next())]).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(pair(index.prev())).toEqual([2, 2]);
  });

  it("walks each half of the test on alternate elements", () => {
    const first = new SegmentedIndex(ExecutionTuple.create("0:1/2", "0,1/2,1"));
    expect([pair(first.next()), pair(first.next()), pair(first.next())]).toEqual([
      [1, 1],
      [2, 3],
      [3, 5],
    ]);
    const other = new SegmentedIndex(ExecutionTuple.create("1/2:1", "0,1/2,1"));
    expect([pair(other.next()), pair(other.next()), pair(other.prev()), pair(other.prev())]).toEqual([
      [1, 2],
      [2, 4],
      [1, 2],
      [0, 0],
    ]);
  });

  it("goes to the last owned element at or below a value", () => {
    // 2/7 of 0,5/7,1 owns positions 1 and 4 of every 7: global elements 2, 5, 9, 12, ...
    const index = new SegmentedIndex(ExecutionTuple.create("5/7:1", "0,5/7,1"));
    expect(pair(index.goTo(1))).toEqual([0, 0]);
    expect(pair(index.goTo(5))).toEqual([2, 5]);
    expect(pair(index.goTo(8))).toEqual([2, 5]);
    expect(pair(index.goTo(9))).toEqual([3, 9]);
    expect(pair(index.prev())).toEqual([2, 5]);
    expect(() => new SegmentedIndex(ExecutionTuple.create()).prev()).toThrow(RangeError);
  });
});
