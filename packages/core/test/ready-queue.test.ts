import { describe, expect, it } from 'vitest';
import { ReadyQueue } from '../src/scheduler/ready-queue.js';

describe('ReadyQueue', () => {
  it('gives the highest priority first, arrival order within a priority', () => {
    const queue = new ReadyQueue<string>();
    queue.push('a0', 0);
    queue.push('b5', 5);
    queue.push('c0', 0);
    queue.push('d-1', -1);
    queue.push('e5', 5);
    expect(queue.size).toBe(5);
    const order: string[] = [];
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) order.push(item);
    expect(order).toEqual(['b5', 'e5', 'a0', 'c0', 'd-1']);
    expect(queue.size).toBe(0);
  });

  it('keeps order when items arrive while others are taken, and forgets everything on clear', () => {
    const queue = new ReadyQueue<number>();
    for (let i = 0; i < 3; i++) queue.push(i, 0);
    expect(queue.shift()).toBe(0);
    queue.push(3, 0);
    queue.push(9, 1);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual([9, 1, 2, 3]);
    queue.push(4, 0);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });
});
