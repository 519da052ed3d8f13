/* The charts of the hazard statistics page, drawn from the JSON the page carries (#chart-data). */
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var charts = [];
  data.forEach(function (c) {
    var el = document.getElementById("chart-" + c.key);
    if (!el || !window.echarts) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    var option;
    if (c.kind === "pie") {
      option = {
        tooltip: { trigger: "item" },
        legend: { bottom: 0, type: "scroll" },
        series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
          data: c.labels.map(function (l, i) { return { name: l, value: c.values[i] }; }),
          label: { formatter: "{b}\n{c}" } }]
      };
    } else {
      option = {
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: c.labels.slice().reverse(), axisLabel: { width: 110, overflow: "truncate" } },
        series: [{ type: "bar", data: c.values.slice().reverse(), barMaxWidth: 28, itemStyle: { color: "#0b4ea2" }, label: { show: true, position: "right" } }]
      };
    }
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
