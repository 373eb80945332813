import { BoundedMap } from './bounded-map';

describe('BoundedMap', () => {
  it('forgets the oldest entry beyond its limit, and an update does not count as a new entry', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('b', 3);
    expect([...map]).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
    map.set('c', 4);
    expect([...map.keys()]).toEqual(['b', 'c']);
  });
});
