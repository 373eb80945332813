import { parse } from 'csv-parse/sync';
import { csvField, csvRow, protectCell, unprotectCell } from './csv';

describe('CSV cells', () => {
  it.each(['=SUM(A1:A9)', '+1', '-2+3', '@cmd', '\tTAB', '\rCR', '=HYPERLINK("http://x","y")'])(
    'guards %p against formula injection',
    (text) => {
      expect(protectCell(text)).toBe(`'${text}`);
      expect(unprotectCell(protectCell(text))).toBe(text);
    },
  );

  it.each(['plain', "it's", "'quoted", "''", "'=x", 'a=b', '', '🏃 5 km', '₹ spent'])('round-trips %p', (text) => {
    expect(unprotectCell(protectCell(text))).toBe(text);
  });

  it('leaves a lone leading apostrophe from a hand-made file alone', () => {
    expect(unprotectCell("'hello")).toBe("'hello");
  });

  it('quotes only what needs it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });

  it('writes rows a CSV parser reads back exactly', () => {
    const values = ['a,b', 'say "hi"', 'two\r\nlines', '', "'=1+1", '😀'];
    const text = csvRow(values) + csvRow(['x', 'y', 'z', 'w', 'v', 'u']);
    expect(parse(text)).toEqual([values, ['x', 'y', 'z', 'w', 'v', 'u']]);
  });
});
