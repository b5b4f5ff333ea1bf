// The active framework and other shared data, loaded once per data version.
import { cached, request } from './api.js';
import { TRACK_COLORS } from './ui.js';

export function framework(signal) {
  return cached('framework', {}, { signal }).then(index);
}

const indexed = new WeakMap();

/** Lookup tables over the framework JSON (memoised per response). */
export function index(fw) {
  if (indexed.has(fw)) return indexed.get(fw);
  const roles = new Map(fw.roles.map((r) => [r.id, r]));
  const tracks = new Map(fw.tracks.map((t, i) => [t.id, { ...t, color: TRACK_COLORS[i % TRACK_COLORS.length], index: i }]));
  const destinations = new Map((fw.destinations || []).map((d) => [d.id, d]));
  const competencies = new Map((fw.competencies || []).map((c) => [c.id, c]));
  const name = (id) => {
    if (roles.has(id)) return roles.get(id).name;
    if (destinations.has(id)) return destinations.get(id).name;
    if (tracks.has(id)) return tracks.get(id).name;
    if (competencies.has(id)) return competencies.get(id).name;
    return id;
  };
  const out = { fw, roles, tracks, destinations, competencies, name };
  indexed.set(fw, out);
  return out;
}

/** Role <select> options grouped by track, in level order. */
export function roleOptions(fx, { includeAll } = {}) {
  const groups = fx.fw.tracks.map((t) => ({
    label: t.name,
    options: t.roles.map((id) => ({ value: id, label: fx.name(id) })),
  }));
  return includeAll ? [{ value: '', label: includeAll }, ...groups] : groups;
}

export function summary(signal) {
  return cached('summary', {}, { signal });
}

export function transitions(signal, params = {}) {
  return cached('transitions', params, { signal });
}

// People's attributes (for the flows filter). The API has no list of attributes, so they are
// collected from a sample of people's records.
let attrPromise = null;
// Every person attribute and its values with their people (GET /api/v1/attributes).
export function attributes() {
  if (!attrPromise) {
    attrPromise = (async () => {
      const rows = await request('attributes');
      const found = new Map();
      let people = 0;
      for (const r of rows) {
        if (!found.has(r.attribute)) found.set(r.attribute, []);
        if (r.value !== null) found.get(r.attribute).push({ value: String(r.value), people: r.people });
      }
      for (const r of rows) if (r.attribute === rows[0].attribute) people += r.people;
      return {
        people,
        attributes: [...found].map(([k, vs]) => ({ name: k, values: vs.map((v) => v.value), counts: vs }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    })();
    attrPromise.catch(() => { attrPromise = null; });
  }
  return attrPromise;
}

export function resetShared() {
  attrPromise = null;
}
