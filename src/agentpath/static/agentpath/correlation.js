// NPS–FCR page: the team-months as a scatter and the least-squares line (data from json_script "correlation-data").
(function () {
  "use strict";
  const source = document.getElementById("correlation-data");
  const el = document.getElementById("correlation-chart");
  if (!source || !el) return;
  const data = JSON.parse(source.textContent);
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  const chart = echarts.init(el, null, {renderer: "canvas"});
  chart.setOption({
    animation: false,
    grid: {top: 30, left: 60, right: 20, bottom: 50},
    tooltip: {trigger: "item", formatter: (p) => p.seriesIndex === 0
      ? escape(p.value[2]) + "<br>" + escape(data.x) + ": " + p.value[0].toFixed(1) + "<br>" + escape(data.y) +
        ": " + p.value[1].toFixed(1)
      : escape(data.fit)},
    xAxis: {type: "value", scale: true, name: data.x, nameLocation: "middle", nameGap: 30},
    yAxis: {type: "value", scale: true, name: data.y},
    series: [{type: "scatter", symbolSize: 8, data: data.points},
             {type: "line", showSymbol: false, data: data.line, name: data.fit}]
  });
  el.dataset.ready = "1";
  window.addEventListener("resize", () => chart.resize());
})();
