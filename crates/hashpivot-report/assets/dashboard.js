/* hashpivot dashboard: the form beside the report. Each change posts the scenario (an example's name or an
 * uploaded file's text) and the moved inputs to /api/run; the server answers the report's sections and their
 * data, drawn by the same chart module as the report (HP.renderCharts). */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var state = { example: $('example').value, scenario: null, name: null, overrides: {}, paths: null };
  var seq = 0;
  var built = null;

  function status(text) { $('status').textContent = text; }
  function showError(text) {
    var e = $('error');
    e.hidden = !text;
    e.textContent = text || '';
  }

  function request() {
    var body = { overrides: state.overrides };
    if (state.paths !== null) { body.paths = state.paths; }
    if (state.scenario !== null) { body.scenario = state.scenario; body.name = state.name; } else { body.example = state.example; }
    return body;
  }

  function run() {
    var my = ++seq;
    status('running…');
    fetch('/api/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request()) })
      .then(function (r) { return r.json().then(function (j) { return { code: r.status, j: j }; }); })
      .then(function (res) {
        if (my !== seq) { return; }
        if (res.code === 503) { status('server busy, trying again…'); setTimeout(run, 300); return; }
        if (res.code !== 200) { showError(res.j.error || ('error ' + res.code)); status('not run: see the message'); return; }
        showError(null);
        var main = $('hp-report');
        main.innerHTML = res.j.html;
        HP.renderCharts(res.j.data, main);
        fields(res.j.inputs, res.j.paths);
        status(res.j.status);
      })
      .catch(function (e) { if (my === seq) { showError(String(e)); } });
  }

  function field(inp) {
    var div = document.createElement('div');
    div.className = 'field' + (inp.present ? '' : ' absent');
    div.setAttribute('data-input', inp.key);
    var label = document.createElement('div');
    label.textContent = inp.label + ' (' + inp.unit + ')' + (inp.present ? '' : ' — not in this scenario');
    var row = document.createElement('div');
    row.className = 'row';
    var range = document.createElement('input');
    var num = document.createElement('input');
    range.type = 'range';
    num.type = 'number';
    [range, num].forEach(function (x) {
      x.min = inp.min; x.max = inp.max; x.step = inp.step; x.value = inp.value; x.disabled = !inp.present;
      x.name = inp.key;
    });
    range.addEventListener('input', function () { num.value = range.value; });
    var apply = function (v) {
      range.value = v; num.value = v;
      if (inp.key === 'paths') { state.paths = Number(v); } else { state.overrides[inp.key] = Number(v); }
      run();
    };
    range.addEventListener('change', function () { apply(range.value); });
    num.addEventListener('change', function () { apply(num.value); });
    row.appendChild(range);
    row.appendChild(num);
    div.appendChild(label);
    div.appendChild(row);
    return div;
  }

  function fields(inputs, paths) {
    var key = JSON.stringify([state.example, state.name]);
    if (built === key) { return; }
    built = key;
    var box = $('fields');
    box.innerHTML = '';
    inputs.forEach(function (inp) { box.appendChild(field(inp)); });
    box.appendChild(field({ key: 'paths', label: 'Monte Carlo paths', unit: 'paths', value: paths, min: 100,
      max: 10000, step: 100, present: true }));
  }

  function fresh() { state.overrides = {}; state.paths = null; built = null; run(); }

  $('example').addEventListener('change', function () {
    state.example = $('example').value; state.scenario = null; state.name = null; $('upload').value = ''; fresh();
  });
  $('upload').addEventListener('change', function () {
    var f = $('upload').files[0];
    if (!f) { return; }
    if (f.size > 1024 * 1024) { showError('the file is ' + f.size + ' bytes; at most 1 MiB (1048576 bytes) is accepted'); return; }
    f.text().then(function (t) { state.scenario = t; state.name = f.name; fresh(); });
  });
  $('reset').addEventListener('click', fresh);
  run();
})();
