// Flight-risk page: predicted against observed 90-day exits by decile (data from json_script "calibration-data").
(function () {
  "use strict";
  const source = document.getElementById("calibration-data");
  const el = document.getElementById("calibration-chart");
  if (!source || !el) return;
  const data = JSON.parse(source.textContent);
  const chart = echarts.init(el, null, {renderer: "canvas"});
  const pct = (v) => (v * 100).toFixed(1) + "%";
  chart.setOption({
    animation: false,
    legend: {top: 0},
    grid: {top: 30, left: 50, right: 10, bottom: 40},
    tooltip: {trigger: "axis", valueFormatter: pct},
    xAxis: {type: "category", name: data.decile, nameLocation: "middle", nameGap: 25,
            data: data.rows.map((r) => String(r[0]))},
    yAxis: {type: "value", axisLabel: {formatter: (v) => (v * 100).toFixed(0) + "%"}},
    series: [{name: data.predicted, type: "bar", data: data.rows.map((r) => r[1])},
             {name: data.observed, type: "bar", data: data.rows.map((r) => r[2])}]
  });
  el.dataset.ready = "1";
  window.addEventListener("resize", () => chart.resize());
})();
