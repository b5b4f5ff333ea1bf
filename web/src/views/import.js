// Import view: upload careers (CSV or JSON), assessments (CSV) or a framework (TOML) with a
// write token; show what the server says, including every line-numbered problem.
import { h, clear, field, nextId, announce } from '../dom.js';
import { request, ApiError } from '../api.js';
import { detailsList, messageBesides } from '../ui.js';

const KINDS = [
  {
    id: 'careers-csv', label: 'Careers (CSV)', path: 'import', params: { format: 'csv' }, type: 'text/csv', accept: '.csv,text/csv',
    hint: 'One row per spell: person_id,role,title,start,end and any attribute columns (an empty end means still there; an empty role is found from the title).',
    example: 'person_id,role,title,start,end,location\n7,helpdesk,Service Desk Analyst,1998-09,2001-03,Leeds\n7,,Senior Admin,2001-03,2006-01,Leeds\n7,infrastructure-architect,IT Manager,2006-01,,Leeds',
    replace: true,
  },
  {
    id: 'careers-json', label: 'Careers (JSON)', path: 'import', params: { format: 'json' }, type: 'application/json', accept: '.json,application/json',
    hint: 'Careers as JSON spells, the format `careergraph export` writes.', replace: true,
  },
  {
    id: 'assessments', label: 'Assessments (CSV)', path: 'assessments', params: {}, type: 'text/csv', accept: '.csv,text/csv',
    hint: 'Competency assessments: person_id,competency,level,date[,source].',
    example: 'person_id,competency,level,date,source\ncommenter,leadership,4,2024-06-15,manager',
  },
  {
    id: 'framework', label: 'Framework (TOML)', path: 'frameworks', params: {}, type: 'application/toml', accept: '.toml,application/toml,text/plain',
    hint: 'A career framework file; it is validated, stored and becomes the active framework.',
  },
];

const TOKEN_KEY = 'careergraph.token';

export default function importView(el, route, { signal }) {
  el.append(h('h1', 'Import'),
    h('p', { class: 'lede' }, 'Add careers, competency assessments or a new framework to the store. Imports are atomic: if any line has a problem, nothing is imported and every problem is listed with its line number.'));

  const initial = KINDS.find((k) => k.id === route.params.get('kind')) || KINDS[0];
  const groupName = nextId('kind');
  const radios = KINDS.map((k) => h('label', { class: 'radio' },
    h('input', { type: 'radio', name: groupName, value: k.id, checked: k === initial }), k.label));
  const hint = h('p', { class: 'hint', id: nextId('hint') });
  const file = h('input', { type: 'file', name: 'file' });
  const fileInfo = h('span', { class: 'hint', 'aria-live': 'polite' });
  const paste = h('textarea', { name: 'content', rows: '7', spellcheck: 'false', autocomplete: 'off', class: 'mono' });
  const replace = h('input', { type: 'checkbox', name: 'replace' });
  const replaceField = h('div', { class: 'field field-check' }, h('label', { class: 'check' }, replace, 'Replace the careers of people already in the store'));
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false', value: sessionStorage.getItem(TOKEN_KEY) || '' });
  const remember = h('input', { type: 'checkbox', name: 'remember', checked: !!sessionStorage.getItem(TOKEN_KEY) });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Import');
  const out = h('div', { class: 'import-result', 'aria-live': 'polite' });
  const exampleBtn = h('button', { type: 'button', class: 'btn btn-small' }, 'Insert an example');

  const kind = () => KINDS.find((k) => k.id === el.querySelector(`input[name="${groupName}"]:checked`).value);
  const onKind = () => {
    const k = kind();
    hint.textContent = k.hint;
    file.setAttribute('accept', k.accept);
    replaceField.hidden = !k.replace;
    exampleBtn.hidden = !k.example;
  };
  exampleBtn.addEventListener('click', () => { paste.value = kind().example || ''; file.value = ''; fileInfo.textContent = ''; paste.focus(); });
  file.addEventListener('change', () => {
    const f = file.files && file.files[0];
    fileInfo.textContent = f ? `${f.name}, ${f.size.toLocaleString('en-GB')} bytes` : '';
    if (f) {
      const ext = f.name.toLowerCase().split('.').pop();
      const guess = ext === 'json' && kind().id === 'careers-csv' ? 'careers-json' : ext === 'csv' && kind().id === 'careers-json' ? 'careers-csv' : ext === 'toml' ? 'framework' : null;
      if (guess) { el.querySelector(`input[value="${guess}"]`).checked = true; onKind(); }
    }
  });

  const form = h('form', { class: 'card import-form', novalidate: true },
    h('fieldset', { class: 'radios' }, h('legend', 'What to import'), radios),
    hint,
    h('div', { class: 'field' }, h('label', { for: 'import-file' }, 'File'), Object.assign(file, { id: 'import-file' }), fileInfo),
    h('details', { class: 'paste' }, h('summary', 'Or paste the content'), field('Content', paste), exampleBtn),
    replaceField,
    h('div', { class: 'field' }, h('label', { for: 'import-token' }, 'Write token'), Object.assign(token, { id: 'import-token' }),
      h('span', { class: 'hint' }, 'Writes need the token in the file ', h('code', 'careergraph serve --token-file'), ' was started with.')),
    h('div', { class: 'field field-check' }, h('label', { class: 'check' }, remember, 'Remember the token in this browser tab')),
    h('div', { class: 'field-buttons' }, submit));
  const writes = h('div');
  el.append(writes, form, out);
  request('health', {}, { signal }).then((hl) => {
    if (hl && hl.writes === 'disabled') {
      writes.append(h('p', { class: 'notice', role: 'status' }, 'This server takes no writes: it was started without ', h('code', '--token-file'), '. Imports will be refused; the command line (', h('code', 'careergraph import'), ') still works.'));
    }
  }).catch(() => { /* the header reports an unreachable server */ });
  form.querySelectorAll(`input[name="${groupName}"]`).forEach((r) => r.addEventListener('change', onKind));
  onKind();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(out);
    const k = kind();
    const f = file.files && file.files[0];
    let body;
    let name;
    if (f) { body = await f.text(); name = f.name; } else { body = paste.value; name = 'pasted content'; }
    if (!body.trim()) { out.append(h('div', { class: 'error-box', role: 'alert' }, 'Choose a file or paste some content first.')); file.focus(); return; }
    if (!token.value.trim()) { out.append(h('div', { class: 'error-box', role: 'alert' }, 'Enter the write token.')); token.focus(); return; }
    if (remember.checked) sessionStorage.setItem(TOKEN_KEY, token.value.trim()); else sessionStorage.removeItem(TOKEN_KEY);
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    out.append(h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spin', 'aria-hidden': 'true' }), `Importing ${name}…`));
    try {
      // filename: the server names the uploaded file in its line-numbered messages
      const res = await request(k.path, { ...k.params, filename: f ? f.name : null, replace: k.replace && replace.checked }, { signal, method: 'POST', body, token: token.value.trim(), contentType: k.type });
      clear(out);
      out.append(success(res, k, name));
      announce('Import succeeded');
      window.dispatchEvent(new CustomEvent('cg:data-changed'));
    } catch (err) {
      if (err.name === 'AbortError') return;
      clear(out);
      out.append(failure(err, name));
      announce('Import failed');
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
}

function success(res, k, name) {
  const lines = [];
  if (res && typeof res === 'object') {
    if (res.message) lines.push(res.message);
    else {
      for (const [key, v] of Object.entries(res)) {
        if (v !== null && typeof v !== 'object') lines.push(`${key.replace(/_/g, ' ')}: ${v}`);
      }
    }
  } else if (res) lines.push(String(res));
  return h('div', { class: 'success-box', role: 'status' },
    h('p', h('strong', `${k.label}: imported ${name}.`)),
    lines.map((l) => h('p', { class: 'mono' }, l)),
    res && typeof res === 'object' ? h('details', h('summary', 'The server’s answer'), h('pre', { class: 'mono' }, JSON.stringify(res, null, 2))) : null);
}

function failure(err, name) {
  const e = err instanceof ApiError ? err : new ApiError({ message: String(err.message || err) });
  const n = e.details.length;
  return h('div', { class: 'error-box', role: 'alert' },
    h('p', { class: 'error-title' }, h('strong', n ? `Nothing was imported: ${n} problem${n === 1 ? '' : 's'} in ${name}` : 'Nothing was imported'),
      e.status ? h('span', { class: 'muted' }, ` (${e.status}${e.code ? ` ${e.code}` : ''})`) : null),
    h('p', { class: 'error-message' }, messageBesides(e)),
    e.field ? h('p', { class: 'muted' }, `Field: ${e.field}`) : null,
    n ? detailsList(e.details) : null);
}
