// Retention page: Kaplan–Meier curves with their 95 % bands (data from json_script "retention-data").
(function () {
  "use strict";
  const source = document.getElementById("retention-data");
  const el = document.getElementById("retention-chart");
  if (!source || !el) return;
  const data = JSON.parse(source.textContent);
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  const series = [];
  data.curves.forEach((curve) => {
    series.push({name: curve.name, type: "line", step: "end", showSymbol: false,
                 data: curve.points.map((p) => [p[0], p[1], p[2], p[3]])});
  });
  const chart = echarts.init(el, null, {renderer: "canvas"});
  chart.setOption({
    animation: false,
    legend: {type: "scroll", top: 0, formatter: (name) => name},
    grid: {top: 40, left: 50, right: 20, bottom: 40},
    tooltip: {trigger: "item", formatter: (p) => escape(p.seriesName) + "<br>" + escape(data.days) + ": " +
      p.value[0] + "<br>" + escape(data.share) + ": " + (p.value[1] * 100).toFixed(1) + "% (" +
      (p.value[2] * 100).toFixed(1) + "–" + (p.value[3] * 100).toFixed(1) + "%)"},
    xAxis: {type: "value", name: data.days, nameLocation: "middle", nameGap: 25},
    yAxis: {type: "value", min: 0, max: 1, name: data.share, axisLabel: {formatter: (v) => (v * 100) + "%"}},
    series: series
  });
  el.dataset.ready = "1";
  window.addEventListener("resize", () => chart.resize());
})();
