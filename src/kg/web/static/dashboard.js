// The coverage dashboard: every chart is drawn from the JSON answer of a canned query (/queries/NAME.json),
// with Apache ECharts (vendored), and mirrored in a data table. Names reach the charts as text (ECharts draws
// text, and every tooltip is escaped here), never as HTML.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("dashboard-config").textContent);
  var W = config.words;
  var DIMS = config.dimensions;
  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"];
  // viridis, dark to light: ordered, colour-blind safe, readable in grey
  var VIRIDIS = ["#440154", "#414487", "#2a788e", "#22a884", "#7ad151", "#fde725"];
  var state = { province: "", year: "" };
  var charts = {};
  var data = {};
  window.kcDashboard = { charts: charts, data: data, ready: false };

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }
  function pct(fraction) { return Math.round(fraction * 100) + "%"; }
  function regionName(code) {
    var known = config.regions[code];
    return (known ? known.name : code) + " (" + code + ")";
  }
  function inProvince(code) {
    if (!state.province) return true;
    var known = config.regions[code];
    return known ? known.province === state.province : code.split(".")[0] === state.province;
  }
  function query(name, params) {
    var search = new URLSearchParams();
    Object.keys(params || {}).forEach(function (key) { if (params[key]) search.set(key, params[key]); });
    var text = search.toString();
    return { json: "/queries/" + name + ".json" + (text ? "?" + text : ""),
             csv: "/queries/" + name + ".csv" + (text ? "?" + text : ""),
             editor: "/sparql?editor=" + encodeURIComponent(name) + (text ? "&" + text : "") + "&lang=" + config.lang };
  }
  function fetchRows(name, params) {
    return fetch(query(name, params).json, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error(W.failed + " (" + response.status + ")");
      return response.json();
    });
  }
  function chart(key, height) {
    var box = document.getElementById("chart-" + key);
    if (height) box.style.height = height + "px";
    if (!charts[key]) {
      box.textContent = "";
      charts[key] = echarts.init(box, null, { renderer: "svg" });
      window.addEventListener("resize", function () { if (charts[key]) charts[key].resize(); });
    } else {
      charts[key].resize();
    }
    return charts[key];
  }
  function links(key, name, params) {
    var panel = document.getElementById("panel-" + key);
    var made = query(name, params);
    panel.querySelector(".query-link").href = made.editor;
    panel.querySelector(".csv-link").href = made.csv;
  }
  function table(key, headings, rows, numeric) {
    var holder = document.getElementById("table-" + key);
    var element = document.createElement("table");
    element.className = "data";
    var head = element.createTHead().insertRow();
    headings.forEach(function (text, index) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      if (numeric && numeric.indexOf(index) >= 0) th.className = "n";
      head.appendChild(th);
    });
    var body = element.createTBody();
    rows.forEach(function (cells) {
      var row = body.insertRow();
      cells.forEach(function (text, index) {
        var cell = row.insertCell();
        cell.textContent = text;
        if (numeric && numeric.indexOf(index) >= 0) cell.className = "n";
      });
    });
    holder.textContent = "";
    holder.appendChild(element);
  }
  function failed(key, error) {
    var box = document.getElementById("chart-" + key);
    if (charts[key]) { charts[key].dispose(); delete charts[key]; }
    box.textContent = error.message;
  }
  var narrow = function () { return window.innerWidth < 640; };

  // coverage rows → {region: {dimension: row}} for the regions of the province filter
  function coverageByRegion(rows) {
    var regions = {};
    rows.forEach(function (row) {
      if (!inProvince(row.region_code)) return;
      (regions[row.region_code] = regions[row.region_code] || {})[row.dimension] = row;
    });
    return regions;
  }

  function drawHeatmap(rows) {
    var regions = coverageByRegion(rows);
    var codes = Object.keys(regions).sort();
    var cells = [];
    var tableRows = [];
    codes.forEach(function (code, y) {
      var cellsOfRow = [regionName(code)];
      DIMS.forEach(function (dim, x) {
        var row = regions[code][dim.notation];
        var value = row ? row.coverage : 0;
        var dark = value < 0.55;
        cells.push({ value: [x, y, Math.round(value * 1000) / 10], region: code, dimension: dim.notation,
                     covered: row ? row.initiatives_covered : 0, total: dim.total,
                     label: { color: dark ? "#ffffff" : "#000000" } });
        cellsOfRow.push(pct(value) + " (" + (row ? row.initiatives_covered : 0) + "/" + dim.total + ")");
      });
      tableRows.push(cellsOfRow);
    });
    var box = chart("heatmap", Math.max(240, codes.length * 40 + 150));
    box.setOption({
      aria: { enabled: true },
      tooltip: { formatter: function (p) {
        var d = p.data;
        return esc(regionName(d.region)) + "<br>" + esc(d.dimension) + ": " + esc(d.value[2]) + "% (" + d.covered + "/" + d.total + ")";
      } },
      grid: { left: narrow() ? 8 : 16, right: 16, top: narrow() ? 24 : 44, bottom: 60, containLabel: true },
      xAxis: { type: "category", position: "top", data: DIMS.map(function (d) { return narrow() ? d.notation : d.notation + "\n" + d.label; }),
               axisLabel: { interval: 0, width: 120, overflow: "truncate", fontSize: 11, lineHeight: 15 }, splitArea: { show: true } },
      yAxis: { type: "category", inverse: true, data: codes.map(regionName),
               axisLabel: { width: narrow() ? 110 : 220, overflow: "truncate", fontSize: 12 } },
      visualMap: { min: 0, max: 100, calculable: false, orient: "horizontal", left: "center", bottom: 8,
                   inRange: { color: VIRIDIS }, text: ["100%", "0%"], itemHeight: 180 },
      series: [{ type: "heatmap", data: cells, label: { show: true, fontSize: 12, formatter: function (p) { return p.data.value[2].toFixed(0) + "%"; } },
                 itemStyle: { borderColor: "#ffffff", borderWidth: 2 } }]
    }, true);
    table("heatmap", [W.region].concat(DIMS.map(function (d) { return d.notation + " · " + d.label; })), tableRows);
    data.heatmap = cells.map(function (c) { return { region: c.region, dimension: c.dimension, coverage: c.value[2] / 100 }; });
  }

  function drawRanking(rows) {
    var regions = coverageByRegion(rows);
    var total = DIMS.reduce(function (sum, d) { return sum + d.total; }, 0);
    var ranked = Object.keys(regions).map(function (code) {
      var covered = 0;
      DIMS.forEach(function (d) { var row = regions[code][d.notation]; covered += row ? row.initiatives_covered : 0; });
      return { code: code, covered: covered, value: covered / total };
    }).sort(function (a, b) { return b.value - a.value || (a.code < b.code ? -1 : 1); });
    var box = chart("ranking", Math.max(200, ranked.length * 34 + 60));
    box.setOption({
      aria: { enabled: true },
      tooltip: { formatter: function (p) { return esc(p.name) + ": " + esc(p.data.label.formatter); } },
      grid: { left: 8, right: 70, top: 10, bottom: 10, containLabel: true },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: ranked.map(function (r) { return regionName(r.code); }),
               axisLabel: { width: narrow() ? 110 : 190, overflow: "truncate" } },
      series: [{ type: "bar", itemStyle: { color: COLOURS[0] },
                 data: ranked.map(function (r) { var text = pct(r.value) + " (" + r.covered + "/" + total + ")";
                   return { value: Math.round(r.value * 1000) / 10, label: { show: true, position: "right", formatter: text } }; }) }]
    }, true);
    table("ranking", ["#", W.region, W.covered, W.coverage], ranked.map(function (r, i) {
      return [String(i + 1), regionName(r.code), r.covered + "/" + total, pct(r.value)]; }), [0, 2, 3]);
    data.ranking = ranked;
  }

  function drawGaps(rows) {
    var sorted = rows.slice().sort(function (a, b) { return a.regions - b.regions || (a.initiative < b.initiative ? -1 : 1); });
    var label = function (row) { var text = config.initiatives[row.initiative] || ""; return row.initiative + " " + text; };
    // the initiatives no region covers are named, not drawn as bars of 0; the chart shows the least covered
    var lowest = sorted.filter(function (row) { return row.regions > 0; }).slice(0, 15);
    var list = document.getElementById("gaps-none");
    list.textContent = "";
    sorted.filter(function (row) { return row.regions === 0; }).forEach(function (row) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "/framework/" + encodeURIComponent(row.initiative) + "?lang=" + config.lang;
      link.textContent = label(row);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (!list.children.length) {
      var all = document.createElement("li");
      all.textContent = W.gaps_all_covered;
      list.appendChild(all);
    }
    var regionCount = Object.keys(config.regions).length;
    var none = rows.filter(function (row) { return row.regions === 0; }).length;
    var one = rows.filter(function (row) { return row.regions === 1; }).length;
    document.getElementById("summary-gaps").textContent = W.gaps_summary.replace("{none}", none).replace("{one}", one).replace("{all}", rows.length);
    var box = chart("gaps", lowest.length * 28 + 80);
    box.setOption({
      aria: { enabled: true },
      tooltip: { formatter: function (p) { return esc(p.name) + ": " + esc(p.value) + " " + esc(W.regions.toLowerCase()); } },
      grid: { left: 8, right: 40, top: 10, bottom: 30, containLabel: true },
      xAxis: { type: "value", minInterval: 1, max: Math.max(regionCount, 1), name: W.regions, nameLocation: "middle", nameGap: 24,
               axisLabel: { hideOverlap: true } },  // 108 regions: "100" and "108" were printed over each other
      yAxis: { type: "category", inverse: true, data: lowest.map(label), axisLabel: { width: narrow() ? 150 : 260, overflow: "truncate" } },
      series: [{ type: "bar", data: lowest.map(function (row) { return row.regions; }), itemStyle: { color: COLOURS[4] },
                 label: { show: true, position: "right" } }]
    }, true);
    table("gaps", [W.initiative, W.dimension, W.regions], sorted.map(function (row) {
      return [label(row), row.dimension, String(row.regions)]; }), [2]);
    data.gaps = sorted;
  }

  function drawBudget(rows) {
    var years = [];
    rows.forEach(function (row) { if (years.indexOf(row.year) < 0) years.push(row.year); });
    years.sort();
    var series = years.map(function (year, index) {
      return { name: String(year), type: "bar", stack: "budget", itemStyle: { color: COLOURS[index % COLOURS.length] },
               data: DIMS.map(function (d) {
                 var row = rows.filter(function (r) { return r.year === year && r.dimension === d.notation; })[0];
                 return row ? Math.round(row.budget / 1e7) / 100 : 0; }) };
    });
    var unit = config.lang === "en" ? "IDR billion" : "Rp miliar";
    var box = chart("budget", 360);
    box.setOption({
      aria: { enabled: true },
      tooltip: { trigger: "axis", formatter: function (items) {
        return items.map(function (p) { return esc(p.seriesName) + " " + esc(p.name) + ": " + esc(p.value) + " " + esc(unit); }).join("<br>"); } },
      legend: { top: 0, type: "scroll" },  // one line: twelve years wrapped onto the axis name
      grid: { left: 8, right: 16, top: 48, bottom: 10, containLabel: true },
      xAxis: { type: "category", data: DIMS.map(function (d) { return d.notation; }) },
      yAxis: { type: "value", name: unit },
      series: series
    }, true);
    table("budget", [W.year, W.dimension, W.programs, unit], rows.map(function (row) {
      return [String(row.year), row.dimension, String(row.programs), (Math.round(row.budget / 1e7) / 100).toString()]; }), [2, 3]);
    data.budget = rows;
  }

  function drawPerInhabitant(rows) {
    var shown = rows.filter(function (row) { return inProvince(row.region_code); });
    var known = shown.filter(function (row) { return row.budget_per_inhabitant !== null && row.budget_per_inhabitant !== undefined; })
      .sort(function (a, b) { return a.budget_per_inhabitant - b.budget_per_inhabitant; });
    function dash(value) { return value === null || value === undefined ? "–" : String(Math.round(value)); }
    table("per_inhabitant", [W.region, W.year, W.rupiah_per_inhabitant, W.population], shown.map(function (row) {
      return [regionName(row.region_code), String(row.year), dash(row.budget_per_inhabitant), dash(row.population)]; }), [2, 3]);
    data.per_inhabitant = shown;
    if (!known.length) {  // no population: a sentence, not empty axes
      if (charts.per_inhabitant) { charts.per_inhabitant.dispose(); delete charts.per_inhabitant; }
      var empty = document.getElementById("chart-per_inhabitant");
      empty.style.height = "auto";
      empty.textContent = W.per_inhabitant_none;
      return;
    }
    var box = chart("per_inhabitant", Math.max(200, 28 * known.length + 60));
    box.setOption({
      aria: { enabled: true },
      tooltip: { trigger: "axis", formatter: function (items) {
        return items.map(function (p) { return esc(p.name) + ": " + esc(p.value) + " " + esc(W.rupiah_per_inhabitant); }).join("<br>"); } },
      grid: { left: 8, right: 40, top: 10, bottom: 10, containLabel: true },
      xAxis: { type: "value", name: W.rupiah_per_inhabitant },
      yAxis: { type: "category", data: known.map(function (row) { return regionName(row.region_code) + " " + row.year; }) },
      series: [{ type: "bar", data: known.map(function (row) { return Math.round(row.budget_per_inhabitant); }),
                 itemStyle: { color: COLOURS[2] }, label: { show: true, position: "right" } }]
    }, true);
  }

  function drawTrend(perYear) {
    var years = Object.keys(perYear).sort();
    var series = DIMS.map(function (d, index) {
      return { name: d.notation, type: "line", symbolSize: 8, itemStyle: { color: COLOURS[index] },
               symbol: ["circle", "rect", "triangle", "diamond", "roundRect", "pin"][index],
               data: years.map(function (year) {
                 var regions = coverageByRegion(perYear[year]);
                 var codes = Object.keys(regions);
                 if (!codes.length) return 0;
                 var sum = codes.reduce(function (acc, code) { var row = regions[code][d.notation]; return acc + (row ? row.coverage : 0); }, 0);
                 return Math.round(sum / codes.length * 1000) / 10; }) };
    });
    var box = chart("trend", 360);
    box.setOption({
      aria: { enabled: true },
      tooltip: { trigger: "axis", formatter: function (items) {
        return esc(items[0].name) + "<br>" + items.map(function (p) { return esc(p.seriesName) + ": " + esc(p.value) + "%"; }).join("<br>"); } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 10, containLabel: true },
      xAxis: { type: "category", data: years },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: series
    }, true);
    table("trend", [W.year].concat(DIMS.map(function (d) { return d.notation; })), years.map(function (year, i) {
      return [year].concat(series.map(function (s) { return s.data[i] + "%"; })); }), [1, 2, 3, 4, 5, 6]);
    data.trend = { years: years, series: series.map(function (s) { return { dimension: s.name, values: s.data }; }) };
  }

  function refresh() {
    var year = { year: state.year };
    links("heatmap", "coverage", year);
    links("ranking", "coverage", year);
    links("gaps", "initiative-reach", year);
    links("budget", "budget", year);
    links("trend", "coverage", {});
    links("per_inhabitant", "budget-per-inhabitant", year);
    window.kcDashboard.ready = false;
    var jobs = [
      fetchRows("coverage", year).then(function (rows) { drawHeatmap(rows); drawRanking(rows); })
        .catch(function (error) { failed("heatmap", error); failed("ranking", error); }),
      fetchRows("initiative-reach", year).then(drawGaps).catch(function (error) { failed("gaps", error); }),
      fetchRows("budget", year).then(drawBudget).catch(function (error) { failed("budget", error); }),
      fetchRows("budget-per-inhabitant", year).then(drawPerInhabitant).catch(function (error) { failed("per_inhabitant", error); }),
      Promise.all(config.years.map(function (y) { return fetchRows("coverage", { year: String(y) }); }))
        .then(function (answers) { var perYear = {}; config.years.forEach(function (y, i) { perYear[y] = answers[i]; }); drawTrend(perYear); })
        .catch(function (error) { failed("trend", error); })
    ];
    return Promise.all(jobs).then(function () { window.kcDashboard.ready = true; });
  }

  var params = new URLSearchParams(window.location.search);
  state.province = params.get("province") || "";
  state.year = params.get("year") || "";
  document.getElementById("filter-province").value = state.province;
  document.getElementById("filter-year").value = state.year;
  document.getElementById("filters").addEventListener("submit", function (event) { event.preventDefault(); });
  ["province", "year"].forEach(function (name) {
    document.getElementById("filter-" + name).addEventListener("change", function (event) {
      state[name] = event.target.value;
      var url = new URL(window.location.href);
      if (state[name]) url.searchParams.set(name, state[name]); else url.searchParams.delete(name);
      window.history.replaceState(null, "", url);
      // the language switch keeps the page: with its filters
      document.querySelectorAll("header.site .lang a").forEach(function (link) {
        var target = new URL(link.href, window.location.href);
        if (state[name]) target.searchParams.set(name, state[name]); else target.searchParams.delete(name);
        link.href = target.pathname + target.search;
      });
      refresh();
    });
  });
  refresh();
})();
