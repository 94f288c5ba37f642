// Every chart of the site, drawn from data the page carries as JSON (json_script, never executed) and labels in
// data-* attributes: the Content-Security-Policy allows no inline script. An element <div data-chart="KIND"
// data-chart-data="ID of the json_script"> is drawn once, on load and after every htmx swap.
// ECharts renders a tooltip string as HTML: every formatter here escapes each name and value it shows.
(function () {
  if (window.agentpathCharts) { window.agentpathCharts.drawAll(document); return; }  // included twice on a page

  const escapeHtml = s => String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g,
    c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  const shown = v => (v && typeof v === "object" && "value" in v) ? v.value : v;
  // The axis tooltip ECharts would draw, with the category, series names and values escaped.
  const axisTooltip = params => {
    const list = Array.isArray(params) ? params : [params];
    const head = list.length ? escapeHtml(list[0].axisValueLabel ?? list[0].name) : "";
    return [head].concat(list.map(p => p.marker + escapeHtml(p.seriesName) + ": "
      + escapeHtml(shown(p.value) ?? "—"))).join("<br>");
  };
  // One item: its name, then the series' indicators or value.
  const itemTooltip = p => {
    const lines = [escapeHtml(p.name || p.seriesName)];
    const names = p.data && p.data.indicatorNames;
    if (names && Array.isArray(p.value)) names.forEach((n, i) => lines.push(escapeHtml(n) + ": " + escapeHtml(p.value[i])));
    return lines.join("<br>");
  };
  const readData = el => JSON.parse(document.getElementById(el.dataset.chartData).textContent);
  const charts = [];

  const kinds = {
    "anchor-radar": (el, data) => {
      const chart = echarts.init(el, null, {renderer: "canvas"});
      chart.setOption({
        animation: false, tooltip: {formatter: itemTooltip},
        radar: {indicator: data.names.map(n => ({name: n, max: 10})), radius: "65%"},
        series: [{type: "radar", data: [{value: data.scores, name: data.title, indicatorNames: data.names,
                                         areaStyle: {opacity: 0.2}}]}]
      });
      return [chart];
    },
    "competency-radar": (el, data) => {
      const chart = echarts.init(el);
      const names = data.indicators.map(i => i.name);
      chart.setOption({
        legend: {top: 0}, tooltip: {formatter: itemTooltip},
        radar: {indicator: data.indicators, center: ["50%", "55%"], radius: "62%"},
        series: [{type: "radar", data: [{name: el.dataset.labelRequired, value: data.required, indicatorNames: names},
                                        {name: el.dataset.labelAssessed, value: data.actual, indicatorNames: names}]}]
      });
      return [chart];
    },
    "nine-box": (el, data) => {
      const jitter = i => ((i * 37) % 60 - 30) / 100;
      const chart = echarts.init(el);
      chart.setOption({
        tooltip: {formatter: p => escapeHtml(p.data.name)},
        xAxis: {min: 0.5, max: 3.5, interval: 1, name: el.dataset.labelX},
        yAxis: {min: 0.5, max: 3.5, interval: 1, name: el.dataset.labelY},
        series: [{type: "scatter", symbolSize: 14,
                  data: data.map((d, i) => ({name: d.name, value: [d.value[0] + jitter(i), d.value[1] + jitter(i + 7)]})),
                  // a label is canvas text, not HTML; braces would be read as ECharts' rich-text markup
                  label: {show: true, position: "right", formatter: p => String(p.data.name).replace(/[{}|]/g, " ")}}]
      });
      return [chart];
    },
    "staffing": (el, data) => {
      const chart = echarts.init(el);
      chart.setOption({
        tooltip: {trigger: "axis", formatter: axisTooltip}, legend: {top: 0}, grid: {left: 40, right: 20, top: 36, bottom: 30},
        xAxis: {type: "category", data: data.roles}, yAxis: {type: "value", minInterval: 1},
        series: [{name: el.dataset.labelActual, type: "bar", data: data.actual},
                 {name: el.dataset.labelNeededMin, type: "bar", data: data.needed_min},
                 {name: el.dataset.labelNeededMax, type: "line", data: data.needed_max}]
      });
      return [chart];
    },
    "kpi-distribution": (el, data) => {
      const chart = echarts.init(el);
      chart.setOption({
        tooltip: {trigger: "axis", formatter: axisTooltip}, legend: {top: 0}, grid: {left: 40, right: 20, top: 36, bottom: 40},
        xAxis: {type: "category", data: data.bins, name: el.dataset.labelX, nameLocation: "middle", nameGap: 26},
        yAxis: {type: "value", minInterval: 1, name: el.dataset.labelY},
        series: Object.entries(data.series).map(([name, counts]) => ({name, type: "bar", data: counts}))
      });
      return [chart];
    },
    // A person's KPI file: the composite percentile by month, and one small chart per metric (in data-metrics-box).
    "kpi-file": (el, data) => {
      const partialMonth = el.dataset.partialMonth || "";  // the running month: its point averages the days so far
      const partialLabel = el.dataset.labelPartial;
      const isPartial = m => partialMonth !== "" && m === partialMonth;
      const marked = values => values.map((v, i) => isPartial(data.months[i]) && v !== null
        ? {value: v, symbol: "emptyCircle", symbolSize: 8, itemStyle: {opacity: 0.6}} : v);
      const partialArea = data.months.some(isPartial)
        ? [[{xAxis: partialMonth, name: partialLabel, itemStyle: {color: "rgba(108,117,125,0.12)"}}, {xAxis: partialMonth}]] : [];
      const monthLabel = {formatter: m => isPartial(m) ? m + "\n(" + partialLabel + ")" : m};
      const quietArea = partialArea.map(([from, to]) => [{...from, name: ""}, to]);  // small charts: shade only
      const composite = echarts.init(el);
      composite.setOption({
        tooltip: {trigger: "axis", formatter: axisTooltip}, legend: {top: 0}, grid: {left: 40, right: 20, top: 36, bottom: 44},
        xAxis: {type: "category", data: data.months, axisLabel: monthLabel},
        yAxis: {type: "value", min: 0, max: 100, name: el.dataset.labelPercentile},
        series: data.groups.map(g => ({name: g.name, type: "line", connectNulls: true, data: marked(g.monthly),
          markArea: {silent: true, itemStyle: {color: "rgba(255,193,7,0.08)"},
                     data: [[{yAxis: 0}, {yAxis: 50}], ...partialArea]}}))
      });
      const box = document.getElementById(el.dataset.metricsBox);
      const drawn = [composite];
      data.metrics.forEach(m => {
        const col = document.createElement("div");
        col.className = "col-md-4";
        const area = document.createElement("div");
        area.className = "kpi-metric-chart";
        col.appendChild(area);
        box.appendChild(col);
        const chart = echarts.init(area);
        chart.setOption({
          title: {text: m.name + (m.unit ? " (" + m.unit + ")" : ""), textStyle: {fontSize: 12}},
          tooltip: {trigger: "axis", formatter: axisTooltip}, grid: {left: 45, right: 10, top: 30, bottom: 22},
          xAxis: {type: "category", data: data.months, axisLabel: {fontSize: 9}},
          yAxis: {type: "value", scale: true, inverse: false, axisLabel: {fontSize: 9}},
          series: [{type: "line", data: marked(m.values), connectNulls: true, symbolSize: 4,
                    markArea: {silent: true, data: quietArea},
                    itemStyle: {color: m.higher_is_better ? "#0d6efd" : "#d63384"}}]
        });
        drawn.push(chart);
      });
      return drawn;
    },
  };

  function drawAll(root) {
    if (typeof echarts === "undefined") return;  // echarts.min.js not loaded yet: its own load draws later
    (root.querySelectorAll ? root : document).querySelectorAll("[data-chart]").forEach(el => {
      if (el.dataset.ready === "1" || !kinds[el.dataset.chart]) return;
      charts.push(...kinds[el.dataset.chart](el, readData(el)));
      el.dataset.ready = "1";
    });
  }

  window.agentpathCharts = {drawAll, escapeHtml};
  window.addEventListener("resize", () => charts.forEach(c => c.resize()));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => drawAll(document));
  else drawAll(document);
  document.addEventListener("htmx:load", e => drawAll(e.target));
})();
