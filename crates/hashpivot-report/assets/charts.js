/* hashpivot's chart module: every chart of the run report, the dispatch report and the dashboard, drawn with
 * Apache ECharts from one data object (the Rust struct ReportData, serialised). Hand-written for hashpivot.
 * HP.renderCharts(data, root) draws each element under root that has a data-chart attribute. */
(function (root) {
  'use strict';
  var M = 1e6;
  var COLORS = ['#2f6fb0', '#e08a2c', '#3a9a5b', '#b8453a', '#7a5bb0', '#8c8c8c'];

  function fmt(v, d) {
    if (v === null || v === undefined || !isFinite(v)) { return '-'; }
    return Number(v).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  }

  function base(extra) {
    var o = {
      animation: false,
      color: COLORS,
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
      grid: { left: 64, right: 24, top: 36, bottom: 40, containLabel: false },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' }
    };
    for (var k in extra) { if (Object.prototype.hasOwnProperty.call(extra, k)) { o[k] = extra[k]; } }
    return o;
  }

  // Fans: for each of `fans` ({name, dist, band, line}), a P5–P95 band (P5 line and a stacked band of P95 − P5)
  // and the P50 line; `extra(i)` adds a line to the tooltip of category i.
  function fans(labels, list, scale, digits, extra) {
    var series = [];
    list.forEach(function (f, k) {
      var stack = 'band' + k;
      series.push(
        { name: f.name + ' P5', type: 'line', data: f.dist.map(function (y) { return y.p5 / scale; }), stack: stack,
          symbol: 'none', lineStyle: { opacity: 0 } },
        { name: f.name + ' P5–P95', type: 'line', data: f.dist.map(function (y) { return (y.p95 - y.p5) / scale; }),
          stack: stack, symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: f.band }, color: f.band },
        { name: f.name + ' P50', type: 'line', data: f.dist.map(function (y) { return y.p50 / scale; }), symbolSize: 6,
          lineStyle: { width: 2.5 }, color: f.line });
    });
    var legend = [];
    list.forEach(function (f) { legend.push(f.name + ' P50', f.name + ' P5–P95'); });
    return base({
      tooltip: {
        trigger: 'axis',
        formatter: function (ps) {
          var i = ps[0].dataIndex;
          var rows = list.map(function (f) {
            var y = f.dist[i];
            return f.name + ': P95 ' + fmt(y.p95 / scale, digits) + ' · P50 ' + fmt(y.p50 / scale, digits) +
              ' · P5 ' + fmt(y.p5 / scale, digits);
          });
          return [labels[i]].concat(rows, extra ? [extra(i)] : []).join('<br>');
        }
      },
      legend: { top: 0, data: legend },
      xAxis: { type: 'category', data: labels, boundaryGap: false },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
      series: series
    });
  }

  // A fan: P5–P95 band and the P50 line of one distribution by category.
  function fan(labels, dist, scale, digits, name) {
    return fans(labels, [{ name: name, dist: dist, band: 'rgba(47,111,176,0.25)', line: '#1f4e80' }], scale, digits);
  }

  // With and without the exodus: the exodus in orange, the baseline in blue.
  function exodusFans(d, key, digits) {
    var ms = d.exodus.months;
    var pick = function (k) { return ms.map(function (m) { return m[k]; }); };
    return fans(ms.map(function (m) { return m.month; }), [
      { name: 'without exodus', dist: pick('baseline_' + key), band: 'rgba(47,111,176,0.22)', line: '#1f4e80' },
      { name: 'with exodus', dist: pick(key), band: 'rgba(224,138,44,0.25)', line: '#b5651d' }
    ], 1, digits, function (i) {
      var t = function (b) { return fmt(b.p50 / 1e12, 2) + ' T (P5–P95 ' + fmt(b.p5 / 1e12, 2) + '–' + fmt(b.p95 / 1e12, 2) + ')'; };
      return 'difficulty P50: ' + t(ms[i].difficulty) + '; without: ' + t(ms[i].baseline_difficulty);
    });
  }

  // A line across the whole x range [0, 100] at height v.
  function level(name, v, color, dashed) {
    return { name: name, type: 'line', data: [[0, v], [100, v]], symbol: 'none', color: color,
      lineStyle: { width: 2, type: dashed ? 'dashed' : 'solid' } };
  }

  var TIER_COLORS = ['#123a63', '#2f6fb0', '#5b93c9', '#8fb6dc', '#b9a27a', '#8c6d3f'];

  // A rectangle from x0 to x1 at height y (histogram bars) or at a category row (range bars).
  function rectItem(params, api) {
    var a = api.coord([api.value(0), api.value(2)]);
    var b = api.coord([api.value(1), 0]);
    return { type: 'rect', shape: { x: a[0], y: a[1], width: Math.max(1, b[0] - a[0] - 1), height: b[1] - a[1] },
      style: api.style() };
  }

  function rangeItem(params, api) {
    var a = api.coord([api.value(0), api.value(2)]);
    var b = api.coord([api.value(1), api.value(2)]);
    var h = api.size([0, 1])[1] * 0.5;
    return { type: 'rect', shape: { x: Math.min(a[0], b[0]), y: a[1] - h / 2, width: Math.max(1, Math.abs(b[0] - a[0])), height: h },
      style: api.style() };
  }

  // Plans (or differences) as horizontal P5–P95 bars with P50 and mean marks.
  function ranges(names, dists) {
    var rows = names.map(function (n, i) { return [dists[i].p5 / M, dists[i].p95 / M, i]; });
    return base({
      grid: { left: 150, right: 24, top: 36, bottom: 40 },
      tooltip: { trigger: 'item', formatter: function (p) {
        var d = dists[p.dataIndex];
        return names[p.dataIndex] + '<br>P5 ' + fmt(d.p5 / M, 1) + ' · P50 ' + fmt(d.p50 / M, 1) +
          ' · P95 ' + fmt(d.p95 / M, 1) + ' · mean ' + fmt(d.mean / M, 1) + ' (USD M)';
      } },
      legend: { top: 0, data: ['P5–P95', 'P50', 'mean'] },
      xAxis: { type: 'value', axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
      yAxis: { type: 'category', data: names, inverse: true },
      series: [
        { name: 'P5–P95', type: 'custom', renderItem: rangeItem, encode: { x: [0, 1], y: 2 }, data: rows,
          itemStyle: { color: 'rgba(47,111,176,0.45)' } },
        { name: 'P50', type: 'scatter', symbol: 'diamond', symbolSize: 12, color: '#1f4e80',
          data: dists.map(function (d, i) { return [d.p50 / M, i]; }) },
        { name: 'mean', type: 'scatter', symbol: 'circle', symbolSize: 8, color: '#e08a2c',
          data: dists.map(function (d, i) { return [d.mean / M, i]; }),
          markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0 }], lineStyle: { color: '#555' }, label: { show: false } } }
      ]
    });
  }

  var CHARTS = {
    npv_hist: function (d) {
      var h = d.npv_histogram, s = d.summary.npv_usd;
      var bins = h.edges.map(function (e, i) { return [e / M, (e + h.width) / M, h.counts[i]]; });
      var tail = h.edges.length ? h.edges[0] / M : s.p5 / M;
      var mark = function (name, v, color, position) {
        return { name: name, xAxis: v / M, lineStyle: { color: color, type: 'dashed', width: 1.5 },
          label: { formatter: name + ' ' + fmt(v / M, 1), color: color, position: position || 'end',
            backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 2] } };
      };
      return base({
        tooltip: { trigger: 'item', formatter: function (p) {
          if (p.seriesType !== 'custom') { return p.name; }
          return fmt(p.data[0], 1) + ' to ' + fmt(p.data[1], 1) + ' USD M: ' + p.data[2] + ' paths';
        } },
        legend: { show: false },
        grid: { left: 56, right: 24, top: 40, bottom: 40 },
        xAxis: { type: 'value', scale: true, name: 'NPV, USD M', nameLocation: 'middle', nameGap: 26,
          axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
        yAxis: { type: 'value', name: 'paths', nameLocation: 'middle', nameGap: 36 },
        series: [
          { name: 'paths', type: 'custom', renderItem: rectItem, encode: { x: [0, 1], y: 2 }, data: bins,
            itemStyle: { color: '#2f6fb0' } },
          { name: 'marks', type: 'line', data: [], markArea: { silent: true, itemStyle: { color: 'rgba(184,69,58,0.12)' },
            data: [[{ xAxis: tail }, { xAxis: s.p5 / M }]] },
            markLine: { silent: true, symbol: 'none', data: [
              mark('P5', s.p5, '#b8453a', 'insideEndTop'), mark('P50', s.p50, '#1f4e80', 'insideEndTop'),
              mark('P95', s.p95, '#3a9a5b', 'insideEndTop'), mark('CVaR 5%', d.summary.cvar5_usd, '#7a1f16', 'insideMiddleTop')] } }
        ]
      });
    },
    ebitda_fan: function (d) { return fan(d.year_labels, d.summary.ebitda_usd_by_year, M, 1, 'EBITDA'); },
    btc_fan: function (d) { return fan(d.year_labels, d.btc_usd_by_year, 1, 0, 'BTC'); },
    hashprice_fan: function (d) { return fan(d.year_labels, d.hashprice_usd_per_ph_day_by_year, 1, 2, 'hashprice'); },
    revenue_mix: function (d) {
      var segs = [['self_mining', 'self-mining'], ['hosting_lease', 'hosting / lease'], ['gpu_cloud', 'GPU cloud'],
        ['power_sales', 'power sales']];
      return base({
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v, 1) + ' M'; } },
        xAxis: { type: 'category', data: d.year_labels },
        yAxis: { type: 'value', axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
        series: segs.map(function (s) {
          return { name: s[1], type: 'bar', stack: 'mix',
            data: d.summary.revenue_mix_by_year.map(function (y) { return y[s[0]] / M; }) };
        })
      });
    },
    power_years: function (d) {
      var ys = d.summary.power_years.years;
      var labels = ys.map(function (y) { return String(y.year) + (y.stress ? ' (stress)' : ''); });
      return base({
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v, 1) + '%'; } },
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          { name: 'share of power costs', type: 'bar', data: ys.map(function (y) { return 100 * y.power_costs_share; }) },
          { name: 'share of power sales', type: 'bar', data: ys.map(function (y) { return 100 * y.power_sales_share; }) }
        ]
      });
    },
    plans_npv: function (d) {
      var c = d.plans.comparison;
      return ranges(c.plans.map(function (p) { return p.plan; }), c.plans.map(function (p) { return p.npv_usd; }));
    },
    delta_npv: function (d) {
      var c = d.plans.comparison;
      var rows = c.versus_baseline.filter(function (p) { return p.plan !== c.baseline; });
      return ranges(rows.map(function (p) { return p.plan + ' − ' + c.baseline; }),
        rows.map(function (p) { return p.delta_npv_usd; }));
    },
    tornado: function (d) {
      var t = d.plans.tornado;
      var names = t.bars.map(function (b) { return b.label + ' (' + b.moves + ')'; });
      return base({
        grid: { left: 260, right: 24, top: 36, bottom: 40 },
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v, 1) + ' M'; } },
        xAxis: { type: 'value', name: 'change from ' + fmt(t.base_usd / M, 1) + ' USD M', nameLocation: 'middle', nameGap: 26,
          axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
        yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 250, overflow: 'truncate' } },
        series: [
          { name: 'input low', type: 'bar', barGap: '-100%', data: t.bars.map(function (b) { return (b.at_low_usd - t.base_usd) / M; }) },
          { name: 'input high', type: 'bar', barGap: '-100%', data: t.bars.map(function (b) { return (b.at_high_usd - t.base_usd) / M; }) }
        ]
      });
    },
    dispatch_heatmap: function (d) {
      var x = d.dispatch;
      var hours = [];
      for (var h = 0; h < 24; h++) { hours.push((h < 10 ? '0' : '') + h + ':00'); }
      return base({
        tooltip: { trigger: 'item', formatter: function (p) {
          return x.days[p.data[0]] + ' ' + hours[p.data[1]] + ': ' + fmt(p.data[2], 1) + ' MW';
        } },
        grid: { left: 56, right: 24, top: 16, bottom: 80 },
        legend: { show: false },
        xAxis: { type: 'category', data: x.days, splitArea: { show: false } },
        yAxis: { type: 'category', data: hours, inverse: true },
        visualMap: { min: 0, max: Math.max(x.mining_mw, 1e-9), calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
          text: ['MW running', ''], inRange: { color: ['#f4f1ea', '#9cc3e6', '#2f6fb0', '#123a63'] } },
        series: [{ name: 'MW running', type: 'heatmap', data: x.cells, progressive: 0 }]
      });
    },
    dispatch_margin: function (d) {
      var x = d.dispatch;
      var line = function (name, v, type) {
        return { name: name, type: type, data: v.map(function (u) { return u; }) };
      };
      return base({
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v, 0) + ' USD'; } },
        xAxis: { type: 'category', data: x.months },
        yAxis: { type: 'value', name: 'USD M', axisLabel: { formatter: function (v) { return fmt(v / 1e6, 1); } } },
        series: [
          line('margin', x.margin_usd, 'bar'),
          line('mining revenue', x.mining_revenue_usd, 'line'),
          line('power cost', x.power_cost_usd, 'line'),
          line('resale revenue', x.resale_revenue_usd, 'line')
        ]
      });
    }
,
    bid_curve: function (d) {
      var b = d.bid;
      var curve = b.price_percentiles.map(function (p) { return [p[0], p[1]]; });
      var top = 0;
      b.uses.forEach(function (u) { top = Math.max(top, u.wtp_usd_per_mwh); });
      var p95 = b.price_percentiles.filter(function (p) { return p[0] === 95; });
      top = Math.ceil(Math.max(top, p95.length ? p95[0][1] : 0) * 1.25 / 10) * 10;
      var series = [{ name: 'hub price (sorted hours)', type: 'line', data: curve, color: '#444', symbolSize: 5,
        lineStyle: { width: 3 } }];
      var tier = 0;
      b.uses.forEach(function (u) {
        if (u.name === 'hosting_lease') { series.push(level('hosting lease', u.wtp_usd_per_mwh, '#3a9a5b', true)); }
        else if (u.name === 'gpu_cloud') { series.push(level('GPU cloud', u.wtp_usd_per_mwh, '#b8453a', true)); }
        else { series.push(level(u.name, u.wtp_usd_per_mwh, TIER_COLORS[tier++ % TIER_COLORS.length], false)); }
      });
      return base({
        tooltip: { trigger: 'item', formatter: function (p) {
          if (p.seriesIndex === 0) { return 'P' + p.data[0] + ' of the hours: ' + fmt(p.data[1], 2) + ' USD/MWh'; }
          return p.seriesName + ': ' + fmt(p.data[1], 2) + ' USD/MWh';
        } },
        grid: { left: 64, right: 24, top: 76, bottom: 44 },
        legend: { top: 0 },
        xAxis: { type: 'value', min: 0, max: 100, name: '% of the year\'s hours at or below the price',
          nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'value', max: top, name: 'USD/MWh', axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
        series: series
      });
    },
    bid_hours: function (d) {
      var b = d.bid;
      return base({
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v, 0) + ' h'; } },
        grid: { left: 150, right: 24, top: 36, bottom: 40 },
        xAxis: { type: 'value', max: b.hours, name: 'hours of ' + fmt(b.hours, 0), nameLocation: 'middle', nameGap: 26 },
        yAxis: { type: 'category', data: b.uses.map(function (u) { return u.name; }), inverse: true },
        series: [
          { name: 'hours it can bid', type: 'bar', data: b.uses.map(function (u) { return u.hours_can_bid; }), color: '#9cc3e6' },
          { name: 'hours it wins', type: 'bar', data: b.uses.map(function (u) { return u.hours_won; }), color: '#1f4e80' }
        ]
      });
    },
    bid_stop_prices: function (d) {
      var b = d.bid;
      var days = b.mining_daily_wtp.map(function (x) { return x[0]; });
      var tiers = b.uses.filter(function (u) { return u.j_per_th !== null; });
      var flat = function (u, color) {
        return { name: u.name === 'gpu_cloud' ? 'GPU cloud' : 'hosting lease', type: 'line', symbol: 'none', color: color,
          lineStyle: { type: 'dashed', width: 2 }, data: days.map(function () { return u.wtp_usd_per_mwh; }) };
      };
      var series = tiers.map(function (u, k) {
        return { name: u.name, type: 'line', symbol: 'none', color: TIER_COLORS[k % TIER_COLORS.length],
          data: b.mining_daily_wtp.map(function (x) { return x[1][k]; }) };
      });
      b.uses.forEach(function (u) {
        if (u.name === 'hosting_lease') { series.push(flat(u, '#3a9a5b')); }
        if (u.name === 'gpu_cloud') { series.push(flat(u, '#b8453a')); }
      });
      return base({
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v, 2) + ' USD/MWh'; } },
        grid: { left: 64, right: 24, top: 76, bottom: 40 },
        legend: { top: 0 },
        xAxis: { type: 'category', data: days, boundaryGap: false },
        yAxis: { type: 'value', name: 'USD/MWh', axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
        series: series
      });
    },
    exodus_hashprice: function (d) { return exodusFans(d, 'hashprice_usd_per_ph_day', 2); },
    exodus_network: function (d) {
      // The difficulty follows the hashrate in proportion (the core's factor, read from its P50s): the right axis
      // reads the same fans as difficulty.
      var ms = d.exodus.months;
      var o = exodusFans(d, 'network_eh_s', 0);
      var k = ms.length && ms[0].network_eh_s.p50 > 0 ? ms[0].difficulty.p50 / ms[0].network_eh_s.p50 : 0;
      var lo = Infinity, hi = -Infinity;
      ms.forEach(function (m) {
        [m.network_eh_s, m.baseline_network_eh_s].forEach(function (b) { lo = Math.min(lo, b.p5); hi = Math.max(hi, b.p95); });
      });
      lo = Math.floor(lo / 100) * 100;
      hi = Math.ceil(hi / 100) * 100;
      o.grid = { left: 64, right: 72, top: 36, bottom: 40 };
      o.yAxis = [
        { type: 'value', name: 'EH/s', min: lo, max: hi,
          axisLabel: { showMinLabel: false, showMaxLabel: false, formatter: function (v) { return fmt(v, 0); } } },
        { type: 'value', name: 'difficulty', min: lo, max: hi, splitLine: { show: false },
          axisLabel: { showMinLabel: false, showMaxLabel: false, formatter: function (v) { return fmt(v * k / 1e12, 0) + ' T'; } } }
      ];
      return o;
    },
    energy_twh: function (d) {
      var ys = d.years;
      var labels = ys.map(function (y) { return String(y.energy.year); });
      var pub = [];
      ys.forEach(function (y, i) {
        y.published.forEach(function (p) { pub.push({ value: [i, p.twh], name: p.publisher }); });
      });
      var e = function (k) { return ys.map(function (y) { return y.energy[k]; }); };
      return base({
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v, 1) + ' TWh'; } },
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value', name: 'TWh', axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
        series: [
          { name: 'lower bound', type: 'line', data: e('twh_lower'), color: '#3a9a5b', lineStyle: { type: 'dashed' } },
          { name: 'best guess', type: 'line', data: e('twh_best'), color: '#1f4e80', lineStyle: { width: 3 }, symbolSize: 7 },
          { name: 'upper bound', type: 'line', data: e('twh_upper'), color: '#b8453a', lineStyle: { type: 'dashed' } },
          { name: 'published', type: 'scatter', data: pub, symbol: 'diamond', symbolSize: 13, color: '#e08a2c',
            z: 5, tooltip: { trigger: 'item' } }
        ]
      });
    },
    concentration_listed: function (d) {
      var c = d;
      var pts = function (rows, date) { return rows.map(function (r) { return [r[date], 100 * r.share]; }); };
      return base({
        tooltip: { trigger: 'item', formatter: function (p) { return p.seriesName + ' ' + p.data[0] + ': ' + fmt(p.data[1], 1) + '%'; } },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
        series: [
          { name: 'listed miners', type: 'line', data: pts(c.listed_history, 'listed_date'), symbolSize: 7, color: '#1f4e80' },
          { name: 'United States (estimated)', type: 'scatter', data: pts(c.us_share_history, 'as_of'), symbol: 'diamond',
            symbolSize: 13, color: '#e08a2c' }
        ]
      });
    },
    concentration_pools: function (d) {
      var ps = d.pool_history;
      var labels = ps.map(function (p) { return p.as_of; });
      return base({
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: labels },
        yAxis: [
          { type: 'value', name: 'HHI', axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
          { type: 'value', name: 'Nakamoto', minInterval: 1, min: 0 }
        ],
        series: [
          { name: 'HHI low', type: 'bar', stack: 'hhi', data: ps.map(function (p) { return p.hhi_low; }), color: '#2f6fb0' },
          { name: 'HHI high − low', type: 'bar', stack: 'hhi', data: ps.map(function (p) { return p.hhi_high - p.hhi_low; }),
            color: '#9cc3e6' },
          { name: 'Nakamoto at least', type: 'line', yAxisIndex: 1, data: ps.map(function (p) { return p.nakamoto_at_least; }),
            color: '#b8453a', symbolSize: 8 }
        ]
      });
    }
  };

  var live = [];

  function renderCharts(data, rootEl) {
    live.forEach(function (c) { if (!c.isDisposed()) { c.dispose(); } });
    live = [];
    var els = (rootEl || document).querySelectorAll('[data-chart]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var make = CHARTS[el.getAttribute('data-chart')];
      if (!make) { throw new Error('hashpivot: no chart named ' + el.getAttribute('data-chart')); }
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(make(data));
      live.push(chart);
    }
  }

  function resize() { live.forEach(function (c) { c.resize(); }); }
  root.addEventListener('resize', resize);
  root.addEventListener('beforeprint', resize);
  root.addEventListener('afterprint', resize);
  root.HP = { renderCharts: renderCharts, charts: CHARTS, format: fmt };
})(window);
