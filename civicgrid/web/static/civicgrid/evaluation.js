// The evaluation page's chart: the key rates of each area (or unit, or person) in the table, side
// by side (Apache ECharts). The numbers are the table's; the chart only draws them.
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("figures-chart");
    var data = document.getElementById("figures-chart-data");
    if (!el || !data || !window.echarts) return;
    var d = JSON.parse(data.textContent);
    if (!d.rows.length || !d.series.length) { el.remove(); return; }
    el.style.height = window.innerWidth < 576 ? "240px" : "280px";
    var chart = window.echarts.init(el);
    // one decimal and a per cent sign: the table's way of writing a rate
    function pct(v) { return v === null || v === undefined ? "—" : Number(v).toFixed(1) + "%"; }
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: pct },
      legend: { top: 0, type: "scroll" },
      grid: { left: 48, right: 10, top: 40, bottom: 70, containLabel: true },
      xAxis: { type: "category", data: d.rows, axisLabel: { interval: 0, rotate: d.rows.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", min: 0, max: 100, name: d.unit || "%", axisLabel: { formatter: "{value}%" } },
      series: d.series.map(function (s) { return { name: s.name, type: "bar", data: s.values }; }),
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
