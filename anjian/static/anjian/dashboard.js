// The county dashboard's charts (Apache ECharts, served locally): the data is the page's own JSON, the same
// numbers as its tables; a click on a bar or a slice opens the records it counts.
(function () {
  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var charts = [];
  var blue = "#0b4ea2", green = "#198754";
  var names = data.names || {};

  function init(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    var chart = echarts.init(el, null, { renderer: "svg" });
    charts.push(chart);
    return chart;
  }

  var towns = data.towns || [];
  var t = towns.length ? init("chart-towns") : null;
  if (t) {
    var townNames = towns.map(function (r) { return r.name; }).reverse();
    t.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 48, top: 28, bottom: 8, containLabel: true },
      xAxis: [{ type: "value", minInterval: 1 }, { type: "value", max: 100, axisLabel: { formatter: "{value}%" } }],
      yAxis: { type: "category", data: townNames, axisLabel: { width: 96, overflow: "truncate" } },
      series: [
        { name: names.found, type: "bar", data: towns.map(function (r) { return r.found; }).reverse(), itemStyle: { color: blue } },
        { name: names.fixed, type: "bar", data: towns.map(function (r) { return r.fixed; }).reverse(), itemStyle: { color: green } },
        { name: names.fix_rate, type: "line", xAxisIndex: 1, data: towns.map(function (r) { return Math.round(r.rate * 1000) / 10; }).reverse() }
      ]
    });
  }

  var months = data.months || [];
  var m = init("chart-months");
  if (m) {
    m.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: months.map(function (r) { return r.month; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: names.found, type: "line", data: months.map(function (r) { return r.found; }), itemStyle: { color: blue } },
        { name: names.closed, type: "line", data: months.map(function (r) { return r.closed; }), itemStyle: { color: green } }
      ]
    });
  }

  var ages = data.ages || [];
  var a = init("chart-ages");
  if (a) {
    a.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: ages.map(function (r) { return r.label; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", barMaxWidth: 36, itemStyle: { color: "#dc3545" }, label: { show: true, position: "top" },
        data: ages.map(function (r) { return { value: r.count, url: r.url }; }) }]
    });
    a.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
  }

  (data.breakdowns || []).forEach(function (b) {
    var chart = init("chart-" + b.dimension);
    if (!chart) return;
    var rows = b.rows.filter(function (r) { return r.count > 0; });
    if (b.dimension === "sector") {
      chart.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: rows.map(function (r) { return r.label; }).reverse(), axisLabel: { width: 110, overflow: "truncate" } },
        series: [{ type: "bar", data: rows.map(function (r) { return { value: r.count, url: r.url }; }).reverse(), itemStyle: { color: blue }, label: { show: true, position: "right" } }]
      });
    } else {
      chart.setOption({
        tooltip: { trigger: "item" },
        legend: { bottom: 0, type: "scroll" },
        series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], label: { formatter: "{b}\n{c}" },
          data: rows.map(function (r) { return { name: r.label, value: r.count, url: r.url }; }) }]
      });
    }
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
