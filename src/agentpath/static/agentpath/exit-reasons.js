// Retention page: exits by reason, stacked by hire cohort and by tenure band (json_script "reasons-data").
(function () {
  "use strict";
  const source = document.getElementById("reasons-data");
  const labels = document.getElementById("reasons-labels");
  if (!source || !labels) return;
  const data = JSON.parse(source.textContent);
  const text = JSON.parse(labels.textContent);
  function draw(id, title, groups) {
    const el = document.getElementById(id);
    if (!el) return;
    const names = Object.keys(groups);
    const chart = echarts.init(el, null, {renderer: "canvas"});
    chart.setOption({
      animation: false,
      title: {text: title, textStyle: {fontSize: 14}},
      legend: {type: "scroll", bottom: 0},
      grid: {top: 40, left: 40, right: 10, bottom: 60},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      xAxis: {type: "category", data: names},
      yAxis: {type: "value", name: text.exits, minInterval: 1},
      series: data.reasons.map((reason) => ({name: reason, type: "bar", stack: "exits",
                                             data: names.map((g) => groups[g][reason] || 0)}))
    });
    el.dataset.ready = "1";
    window.addEventListener("resize", () => chart.resize());
  }
  draw("reasons-by-cohort", text.cohort, data.cohorts);
  draw("reasons-by-band", text.band, data.bands);
})();
