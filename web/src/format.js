// Number and date formatting, the same conventions as the CLI's tables ("35.8 %", "3.8 years").

export function pct(p, digits = 1) {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  const v = p * 100;
  if (v !== 0 && Math.abs(v) < 0.1) return `${v.toPrecision(2)} %`;
  return `${v.toFixed(digits)} %`;
}

export function num(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (Number.isInteger(x)) return x.toLocaleString('en-GB');
  return x.toFixed(digits);
}

/** Always `digits` decimals (times, levels). */
export function fix(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return Number(x).toFixed(digits);
}

export function int(x) {
  if (x === null || x === undefined) return '—';
  return Number(x).toLocaleString('en-GB');
}

export function duration(x, unit = 'years', digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return `${x.toFixed(digits)} ${unit}`;
}

export function interval(lo, hi, f = pct) {
  if (lo === null || lo === undefined || hi === null || hi === undefined) return '';
  return `${f(lo)} – ${f(hi)}`;
}

/** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' to a fractional year (for drawing). */
export function yearOf(date) {
  if (!date || typeof date !== 'string') return null;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) - 1 : 0;
  const d = m[3] ? Number(m[3]) - 1 : 0;
  return y + (mo + d / 31) / 12;
}

export const DATE_PATTERN = '\\d{4}(-\\d{2}(-\\d{2})?)?';
