import { ContiguousWatermark } from './contiguous-watermark';

describe('ContiguousWatermark', () => {
  it('moves only over an unbroken run of handled messages from the front', () => {
    const watermark = new ContiguousWatermark<number>();
    for (const offset of [10, 11, 12, 13]) watermark.add(String(offset), offset);
    watermark.complete('11');
    watermark.complete('13');
    expect(watermark.advance()).toBeUndefined(); // 10 is still open: nothing may be committed past it
    watermark.complete('10');
    expect(watermark.advance()).toEqual({ position: 11, passed: ['10', '11'] });
    expect(watermark.open).toBe(2);
    watermark.complete('12');
    expect(watermark.advance()).toEqual({ position: 13, passed: ['12', '13'] });
    expect(watermark.advance()).toBeUndefined();
    expect(watermark.open).toBe(0);
  });

  it('passes over messages acknowledged by an earlier run, and ignores ids it does not know', () => {
    const watermark = new ContiguousWatermark<string>();
    watermark.add('1', 'a', true);
    watermark.add('2', 'b', true);
    watermark.add('3', 'c');
    watermark.complete('99');
    expect(watermark.advance()).toEqual({ position: 'b', passed: ['1', '2'] });
    expect(() => watermark.add('3', 'c')).toThrow('added twice');
  });

  it('keeps working after compacting a long run', () => {
    const watermark = new ContiguousWatermark<number>();
    for (let i = 0; i < 5_000; i += 1) watermark.add(String(i), i);
    for (let i = 0; i < 4_000; i += 1) watermark.complete(String(i));
    expect(watermark.advance()?.position).toBe(3_999);
    watermark.add('5000', 5_000);
    for (let i = 4_000; i <= 5_000; i += 1) watermark.complete(String(i));
    expect(watermark.advance()).toMatchObject({ position: 5_000 });
    expect(watermark.open).toBe(0);
  });
});
