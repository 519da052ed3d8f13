// The regional four-colour map: each town of the county's uploaded GeoJSON in the colour of its highest risk
// level (Apache ECharts, served locally); the data is the page's region-map-data JSON.
(function () {
  var el = document.getElementById("region-map");
  if (!el || !window.echarts) return;
  var d = JSON.parse(document.getElementById("region-map-data").textContent);
  var colours = {}, labels = {};
  d.levels.forEach(function (l) { colours[l.code] = l.colour; labels[l.code] = l.label; });
  echarts.registerMap("county", d.geojson);
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        var t = p.data;
        if (!t) return p.name;
        var lines = ["<strong>" + echarts.format.encodeHTML(t.name) + "</strong>"];
        d.levels.forEach(function (l) {
          lines.push('<span style="display:inline-block;width:10px;height:10px;background:' + l.colour + ';margin-right:4px"></span>' + l.label + "：" + (t.counts[l.code] || 0));
        });
        return lines.join("<br>");
      }
    },
    series: [{
      type: "map", map: "county", roam: true, selectedMode: false,
      label: { show: true, fontSize: 11, color: "#212529" },
      emphasis: { label: { show: true }, itemStyle: { areaColor: null, borderWidth: 2, borderColor: "#000" } },
      itemStyle: { areaColor: d.none_colour, borderColor: "#fff", borderWidth: 1 },
      data: d.towns.map(function (t) {
        return { name: t.name, value: t.total, counts: t.counts, itemStyle: { areaColor: colours[t.level] || d.none_colour } };
      })
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
