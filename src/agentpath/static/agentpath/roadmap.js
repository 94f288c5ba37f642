// The career roadmap: lanes are tracks, steps are levels. Moves between neighbouring lanes are always drawn;
// the others (lateral moves across the map) only for the selected level, so that no arrow crosses the boxes.
(function () {
  const data = JSON.parse(document.getElementById("roadmap-data").textContent);
  const own = JSON.parse(document.getElementById("roadmap-own-level").textContent);
  const T = JSON.parse(document.getElementById("roadmap-text").textContent);
  const el = document.getElementById("roadmap-chart");
  const scroller = document.getElementById("roadmap-scroll");
  const hint = document.getElementById("roadmap-scroll-hint");
  const panel = document.getElementById("roadmap-selection");
  const MIN_LANE = 112, ROW = 80, HEADER = 60, BOX_H = 56;
  const colors = {promotion: "#198754", demotion: "#dc3545", lateral: "#0d6efd"};
  const kindColor = {management: "#0d6efd", professional: "#6f42c1", functional: "#fd7e14"};
  const lanes = data.lanes.length;
  const steps = Math.max(1, ...data.nodes.map(n => n.step));
  const byId = Object.fromEntries(data.nodes.map(n => [n.id, n]));
  const fmt = (s, args) => s.replace(/\{(\w+)\}/g, (_, k) => args[k]);
  const measure = document.createElement("canvas").getContext("2d");
  const FONT = getComputedStyle(document.body).fontFamily;
  // Lines of at most maxWidth pixels (words kept whole where there are spaces, CJK broken anywhere), at most
  // maxLines of them, the last one cut with an ellipsis.
  function wrap(text, size, maxWidth, maxLines, bold) {
    measure.font = (bold ? "bold " : "") + size + "px " + FONT;
    const tokens = text.match(/[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+/g) || [];
    const lines = [""];
    tokens.forEach(t => {
      const line = lines[lines.length - 1];
      if (line && measure.measureText(line + t).width > maxWidth && !/^\s+$/.test(t)) lines.push(t.trimStart());
      else lines[lines.length - 1] = line + t;
    });
    const out = lines.map(l => l.trim()).filter(Boolean);
    if (out.length > maxLines) {
      out.length = maxLines;
      let last = out[maxLines - 1];
      while (last && measure.measureText(last + "…").width > maxWidth) last = last.slice(0, -1);
      out[maxLines - 1] = last + "…";
    }
    return out;
  }
  // ECharts rich text: one {style|…} segment per line; "|" and braces in names cannot break the markup.
  const rich = (style, lines) => lines.map(l => "{" + style + "|" + l.replace(/[{}|]/g, " ") + "}").join("\n");
  const escape = s => String(s).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  let chart = null, selected = null, laneWidth = MIN_LANE;

  function detail(n) { return fmt(n.value === 1 ? T.one : T.many, {band: n.band, n: n.value}); }
  function near(l) { return Math.abs(byId[l.source].lane - byId[l.target].lane) <= 1; }
  function center(n) { return [laneWidth * (n.lane + 0.5), HEADER + (steps - n.step + 0.5) * ROW]; }

  function option() {
    const width = laneWidth * lanes, height = HEADER + steps * ROW + 8, box = laneWidth - 12;
    const corners = [[0, 0], [width, height]].map((p, i) => ({
      id: "corner-" + i, name: "", x: p[0], y: p[1], symbolSize: 0, label: {show: false}, silent: true, tooltip: {show: false}}));
    const headers = data.lanes.map((lane, i) => ({
      id: "lane-" + i, name: lane.name, x: laneWidth * (i + 0.5), y: HEADER / 2, symbol: "roundRect",
      symbolSize: [box + 4, HEADER - 12], silent: true, tooltip: {show: false},
      itemStyle: {color: "#e9ecef", borderColor: "#adb5bd"},
      label: {show: true, color: "#212529",
        formatter: rich("name", wrap(lane.name, 11, box - 8, 2, true))
          + (lane.kind && lane.kind !== lane.name ? "\n" + rich("kind", wrap(lane.kind, 10, box - 8, 1)) : ""),
        rich: {name: {fontWeight: "bold", fontSize: 11, lineHeight: 14, color: "#212529", align: "center"},
          kind: {fontSize: 10, lineHeight: 13, color: "#6c757d", align: "center"}}}
    }));
    const nodes = data.nodes.map(n => {
      const mine = n.id === own, chosen = n.id === selected;
      const [x, y] = center(n);
      return {
        ...n, x, y, symbol: "roundRect", symbolSize: [box, BOX_H],
        itemStyle: {color: mine ? "#fff3cd" : "#fff", borderColor: mine ? "#fd7e14" : (kindColor[n.kind] || "#0d6efd"),
          borderWidth: mine || chosen ? 3.5 : 1.5, shadowBlur: chosen ? 8 : 0, shadowColor: "rgba(13,110,253,.6)"},
        label: {show: true, color: "#212529",
          formatter: rich("name", wrap(n.name, 12, box - 10, 2, mine)) + "\n" + rich("small", wrap(detail(n), 10.5, box - 8, 1)),
          rich: {name: {fontSize: 12, lineHeight: 15, color: "#212529", align: "center", fontWeight: mine ? "bold" : "normal"},
            small: {fontSize: 10.5, color: "#495057", lineHeight: 14, align: "center"}}}
      };
    });
    const mineNode = own && byId[own];
    const badge = mineNode ? [{
      id: "my-level", name: T.mine, x: center(mineNode)[0], y: center(mineNode)[1] - BOX_H / 2 - 2, symbol: "roundRect",
      symbolSize: [Math.min(box - 20, 76), 16], silent: true, tooltip: {show: false}, z: 10,
      itemStyle: {color: "#fd7e14"}, label: {show: true, color: "#fff", fontSize: 10.5, fontWeight: "bold", formatter: T.mine}
    }] : [];
    const links = data.links.filter(l => byId[l.source] && byId[l.target] && near(l))
      .map(l => {
        const on = selected && (l.source === selected || l.target === selected);
        return {source: l.source, target: l.target, kind: l.label, note: l.note,
          lineStyle: {color: colors[l.kind], width: on ? 2.5 : 1.6, type: l.kind === "demotion" ? "dashed" : "solid",
            curveness: l.kind === "demotion" ? 0.35 : 0.05, opacity: selected && !on ? 0.25 : 0.9}};
      });
    const far = selected ? data.links.filter(l => byId[l.source] && byId[l.target] && !near(l)
      && (l.source === selected || l.target === selected)) : [];
    return {
      animation: false,
      tooltip: {confine: true, formatter: p => p.dataType === "edge" ? escape(p.data.kind + (p.data.note ? " · " + p.data.note : ""))
        : `<b>${escape(p.data.name)}</b> (${escape(p.data.track)})<br>${escape(p.data.title || "")}<br>${escape(detail(p.data))}`},
      series: [{type: "graph", layout: "none", roam: false, left: 0, top: 0, right: 0, bottom: 0,
        data: corners.concat(headers, nodes, badge), links: links, edgeSymbol: ["none", "arrow"], edgeSymbolSize: 8,
        emphasis: {disabled: true}}],
      graphic: {elements: far.flatMap((l, i) => route(byId[l.source], byId[l.target], colors[l.kind], i))}
    };
  }

  // A move between distant lanes runs through the gaps between boxes: down into the gap under the source's row,
  // along it to the gap beside the target's lane, along that to the gap under the target, up into the target.
  function route(from, to, color, i) {
    const [x1, y1] = center(from), [x2, y2] = center(to);
    const below = y => y + BOX_H / 2 + (ROW - BOX_H) / 2, shift = (i % 4) * 3;
    const gapX = to.lane > from.lane ? laneWidth * to.lane : laneWidth * (to.lane + 1);
    const start = [x1 + shift, y1 + BOX_H / 2], end = [x2 + shift, y2 + BOX_H / 2 + 1];
    const points = y1 === y2
      ? [start, [start[0], below(y1) + shift / 3], [end[0], below(y1) + shift / 3], end]
      : [start, [start[0], below(y1) + shift / 3], [gapX + shift / 3, below(y1) + shift / 3],
         [gapX + shift / 3, below(y2) + shift / 3], [end[0], below(y2) + shift / 3], end];
    return [
      {type: "polyline", z: 50, silent: true, shape: {points}, style: {stroke: color, lineWidth: 2, fill: null, opacity: 0.9}},
      {type: "polygon", z: 51, silent: true, shape: {points: [end, [end[0] - 5, end[1] + 8], [end[0] + 5, end[1] + 8]]},
        style: {fill: color}}
    ];
  }

  function describe(id) {
    const n = byId[id];
    const moves = (list, arrow) => list.length ? list.map(l => {
      const other = byId[arrow === "→" ? l.target : l.source];
      return `<span class="text-nowrap me-2"><span style="color:${colors[l.kind]}">${escape(l.label)}</span> ${arrow} ${escape(other.name)}</span>`;
    }).join(" ") : `<span class="text-muted">${escape(T.none)}</span>`;
    const out = data.links.filter(l => l.source === id), into = data.links.filter(l => l.target === id);
    panel.innerHTML = `<div class="d-flex flex-wrap gap-2 align-items-baseline"><strong>${escape(n.name)}</strong>
      <span class="text-muted">${escape(n.track)} · ${escape(detail(n))}</span>
      <a class="ms-auto btn btn-sm btn-outline-primary py-0" href="${escape(n.url)}">${escape(T.open)}</a></div>
      <div data-testid="moves-out"><span class="text-muted me-1">${escape(T.out)}:</span>${moves(out, "→")}</div>
      <div data-testid="moves-in"><span class="text-muted me-1">${escape(T.in)}:</span>${moves(into, "←")}</div>`;
  }

  function draw() {
    const available = scroller.clientWidth;
    laneWidth = Math.max(MIN_LANE, Math.floor(available / lanes));
    el.style.width = laneWidth * lanes + "px";
    el.style.height = HEADER + steps * ROW + 8 + "px";
    if (chart) chart.resize(); else chart = echarts.init(el, null, {renderer: "svg"});
    chart.setOption(option(), true);
    const overflow = laneWidth * lanes > available + 1;
    hint.classList.toggle("d-none", !overflow);
    document.getElementById("roadmap-scroll-text").textContent = fmt(T.scroll, {n: lanes});
  }

  draw();
  chart.on("click", p => {
    if (p.dataType !== "node" || !byId[p.data.id]) return;
    selected = selected === p.data.id ? null : p.data.id;
    chart.setOption(option(), true);
    if (selected) describe(selected);
  });
  chart.on("dblclick", p => { if (p.dataType === "node" && p.data.url) window.location.href = p.data.url; });
  hint.querySelectorAll("[data-scroll]").forEach(b => b.addEventListener("click", () =>
    scroller.scrollBy({left: Number(b.dataset.scroll) * scroller.clientWidth * 0.8, behavior: "smooth"})));
  window.addEventListener("resize", draw);
  if (own && byId[own]) {  // bring the viewer's own lane into view on a narrow screen
    scroller.scrollLeft = Math.max(0, center(byId[own])[0] - scroller.clientWidth / 2);
  }
  el.dataset.ready = "1";
})();
