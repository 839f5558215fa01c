// Generated test numbers (never real people): BSNs in the BRP test range 9999xxxxx and
// onderwijsnummers starting with 10, both by the elfproef (weights 9..2, -1).
const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1];
const sum = (s) => [...s].reduce((n, d, i) => n + Number(d) * WEIGHTS[i], 0);
const mod11 = (n) => ((n % 11) + 11) % 11;

export function testBsns(count, from = 999990000) {
  const out = [];
  for (let n = from; out.length < count; n += 1) if (mod11(sum(String(n))) === 0) out.push(String(n));
  return out;
}

export function testOnderwijsnummers(count, from = 101000000) {
  const out = [];
  for (let n = from; out.length < count; n += 1) if (mod11(sum(String(n))) === 5) out.push(String(n));
  return out;
}
