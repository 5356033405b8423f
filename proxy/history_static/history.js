// The history page: asks the guard for its report (/api/report, with the token), draws two
// stacked bar charts as SVG (findings per day by rule; sends per day by channel), lists the
// blocked messages, and exports CSV. For a team lead it adds two charts per seat (sends by
// outcome; findings by rule) and a Seat column. Nothing is fetched from anywhere but this guard; text
// from the store is always set with textContent.
(() => {
  "use strict";
  const $ = (sel, root = document) => root.querySelector(sel);
  const SVG = "http://www.w3.org/2000/svg";
  const KEY = "bsm-guard-token";
  const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#7f7f7f"];
  const CHANNELS = { contact_buyer: "Contact Buyer", request_review: "Request a Review",
    sp_api_message: "SP-API message", sp_api_solicitation: "SP-API review request" };
  const REVIEW_CHANNELS = ["request_review", "sp_api_solicitation"];
  const TOP_RULES = 8;
  // Outcomes in a fixed order and colour: blocked red, sent green, whatever the counts.
  const OUTCOMES = [["blocked", "blocked", "#d62728"], ["failed_closed", "stopped (checker failed)", "#7f7f7f"],
    ["overridden", "sent anyway", "#ff7f0e"], ["forwarded", "sent", "#2ca02c"]];
  const seatName = (seat) => seat || "(no seat)";
  const filters = $("form.filters");

  function token() { return sessionStorage.getItem(KEY) || ""; }

  function takeTokenFromFragment() {
    const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem(KEY, decodeURIComponent(match[1]));
      history.replaceState(null, "", location.pathname + location.search);
    }
  }

  function query() {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(filters)) if (v) params.set(k, v);
    return params;
  }

  async function get(path) {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
    if (response.status === 401 || response.status === 403) {
      const hadToken = Boolean(token());
      sessionStorage.removeItem(KEY);
      askForToken(hadToken ? "That token is not this guard's. Paste the output of bsm-guard token." : "");
      throw new Error("token");
    }
    if (!response.ok) {
      let message = `The guard answered ${response.status}.`;
      try { message = (await response.json()).error || message; } catch (_) { /* not JSON */ }
      throw new Error(message);
    }
    return response;
  }

  function askForToken(message) {
    $(".content").hidden = true;
    $("form.token").hidden = false;
    $(".token-error").textContent = message || "";
    $("form.token input").focus();
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function fillSelect(select, values, label) {
    const current = select.value;
    const first = select.options[0];
    select.replaceChildren(first, ...values.map((v) => {
      const option = el("option", null, label ? label(v) : v);
      option.value = v;
      return option;
    }));
    select.value = values.includes(current) ? current : "";
  }

  // series: [[name, counts per day, colour?]], drawn as stacked bars, one bar per day (or per
  // seat: `tick` writes the bar's label under it).
  function drawChart(figure, days, series, label, tick = (day) => day.slice(5)) {
    const plot = $(".plot", figure);
    const legend = $(".legend", figure);
    plot.replaceChildren();
    legend.replaceChildren();
    if (!days.length || !series.length) {
      plot.append(el("p", "nodata", "Nothing to show for these filters."));
      return;
    }
    // Drawn at the plot's own width, so the labels keep their size on a narrow screen.
    const width = Math.max(300, Math.round(plot.clientWidth || 560)), height = 220;
    const left = 34, bottom = 26, top = 10;
    const totals = days.map((_, i) => series.reduce((sum, [, counts]) => sum + counts[i], 0));
    const max = Math.max(1, ...totals);
    const step = (width - left - 8) / days.length;
    const bar = Math.max(2, Math.min(28, step * 0.7));
    const scale = (height - top - bottom) / max;
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": `${$("figcaption", figure).textContent}: ${totals.reduce((a, b) => a + b, 0)} in total` });
    const ticks = max <= 5 ? Array.from({ length: max + 1 }, (_, i) => i) : [0, Math.round(max / 2), max];
    for (const tick of ticks) {
      const y = height - bottom - tick * scale;
      chart.append(svg("line", { x1: left, x2: width - 4, y1: y, y2: y, class: "grid" }));
      const text = svg("text", { x: left - 6, y: y + 4, class: "tick", "text-anchor": "end" });
      text.textContent = String(tick);
      chart.append(text);
    }
    days.forEach((day, i) => {
      let y = height - bottom;
      const x = left + i * step + (step - bar) / 2;
      series.forEach(([name, counts], s) => {
        if (!counts[i]) return;
        const h = counts[i] * scale;
        y -= h;
        const rect = svg("rect", { x, y, width: bar, height: h, fill: colourOf(series, s),
          "data-series": name, "data-day": day, "data-count": counts[i] });
        const title = svg("title");
        title.textContent = `${tick(day)}: ${counts[i]} \u00d7 ${label(name)}`;
        rect.append(title);
        chart.append(rect);
      });
      // A date every few bars, counted back from the last day so the newest is labelled.
      const every = Math.ceil(days.length / Math.max(2, Math.floor((width - left) / 60)));
      if ((days.length - 1 - i) % every === 0) {
        const text = svg("text", { x: left + i * step + step / 2, y: height - 8, class: "tick",
          "text-anchor": "middle" });
        text.textContent = tick(day);
        chart.append(text);
      }
    });
    plot.append(chart);
    series.forEach(([name, counts], s) => {
      const item = el("li");
      const swatch = el("span", "swatch");
      swatch.style.background = colourOf(series, s);
      item.append(swatch, `${label(name)} (${counts.reduce((a, b) => a + b, 0)})`);
      legend.append(item);
    });
  }

  function colourOf(series, s) { return series[s][2] || COLOURS[s % COLOURS.length]; }

  function topSeries(byKey, limit) {
    const entries = Object.entries(byKey).map(([k, counts]) => [k, counts,
      counts.reduce((a, b) => a + b, 0)]).sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1));
    const shown = entries.slice(0, limit).map(([k, c]) => [k, c]);
    const rest = entries.slice(limit);
    if (rest.length) {
      shown.push(["other", rest[0][1].map((_, i) => rest.reduce((sum, [, c]) => sum + c[i], 0))]);
    }
    return shown;
  }

  function drawTable(rows, team) {
    $(".blocked th.c-seat").hidden = !team;
    const body = $(".blocked tbody");
    body.replaceChildren(...rows.map((v) => {
      const tr = el("tr");
      tr.dataset.verdict = v.id;
      const text = el("td", "text");
      const none = REVIEW_CHANNELS.includes(v.channel) ? "(a review request: it has no text)"
        : v.text_hidden ? `(sent by ${v.seat || "another seat"}: only a lead reads its text)`
          : "(the text is no longer kept)";
      text.append(el("pre", v.text == null ? "none" : null, v.text == null ? none : v.text));
      const codes = el("td", "codes");
      for (const code of v.codes) codes.append(el("span", "code", code));
      tr.append(el("td", "time", v.time.replace("T", " ").replace("Z", "")));
      if (team) tr.append(el("td", "seat", seatName(v.seat)));
      tr.append(el("td", null, CHANNELS[v.channel] || v.channel),
        el("td", "order", v.order_id || "-"), codes, text);
      const headings = Array.from(document.querySelectorAll(".blocked thead th:not([hidden])"),
        (th) => th.textContent);
      Array.from(tr.children).forEach((td, i) => { td.dataset.label = headings[i]; });
      return tr;
    }));
    $(".blocked .empty").hidden = rows.length > 0;
    $(".blocked table").hidden = rows.length === 0;
  }

  // Filters can change while a report is on its way (Clear, then a verdict at once): only the
  // newest request may draw, or a slower, older answer would show totals for the old filters.
  let latest = 0;
  async function refresh() {
    const mine = ++latest;
    let data;
    try {
      data = await (await get(`/api/report?${query()}`)).json();
    } catch (err) {
      if (mine === latest && err.message !== "token") $(".totals").textContent = err.message;
      return;
    }
    if (mine !== latest) return;
    $("form.token").hidden = true;
    $(".content").hidden = false;
    fillSelect(filters.elements.rule, data.options.rules);
    fillSelect(filters.elements.channel, data.options.channels, (c) => CHANNELS[c] || c);
    fillSelect(filters.elements.verdict, data.options.verdicts);
    fillSelect(filters.elements.seat, data.options.seats);
    filters.elements.seat.closest("label").hidden = data.options.seats.length === 0;
    const v = data.verdicts;
    $(".totals").textContent = data.total === 0 ? "No verdicts match these filters." :
      `${data.total} verdict${data.total === 1 ? "" : "s"}: ${v.block || 0} blocked, ` +
      `${v.warn || 0} with warnings, ${v.pass || 0} passed` +
      (data.truncated ? " (only the newest 5,000 are read)" : "");
    drawChart($("figure[data-chart=rule]"), data.days, topSeries(data.by_rule, TOP_RULES),
      (name) => name);
    drawChart($("figure[data-chart=channel]"), data.days, topSeries(data.by_channel, 8),
      (name) => CHANNELS[name] || name);
    drawTable(data.blocked, data.options.seats.length > 0);
    drawTeam(data.team);
    describeViewer(data.viewer, data.team);
  }

  // A lead's view of the team: sends per seat by outcome, findings per seat by rule.
  function drawTeam(team) {
    $(".charts.team").hidden = !team;
    if (!team) return;
    const known = OUTCOMES.map(([action]) => action);
    const outcomes = [...OUTCOMES.filter(([action]) => team.by_action[action])
      .map(([action, , colour]) => [action, team.by_action[action], colour]),
      ...Object.entries(team.by_action).filter(([action]) => !known.includes(action))];
    const names = Object.fromEntries(OUTCOMES.map(([action, name]) => [action, name]));
    drawChart($("figure[data-chart=seat]"), team.seats, outcomes,
      (action) => names[action] || action, seatName);
    drawChart($("figure[data-chart=seat-rule]"), team.seats, topSeries(team.by_rule, TOP_RULES),
      (name) => name, seatName);
  }

  function describeViewer(viewer, team) {
    const where = $(".bar .where");
    if (!viewer || !viewer.seat) where.textContent = "This guard's verdicts, on this computer only.";
    else if (team) where.textContent = `Team view (seat \u201c${viewer.seat}\u201d, a team lead): every seat's verdicts and blocked texts.`;
    else where.textContent = `Seat \u201c${viewer.seat}\u201d: the team's verdicts; blocked texts of your own sends only.`;
  }

  async function exportCsv() {
    let response;
    try { response = await get(`/api/report.csv?${query()}`); } catch (_) { return; }
    const blob = await response.blob();
    const link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "")?.[1] ||
      "bsm-guard-history.csv";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  $("form.token").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, event.target.elements.token.value.trim());
    event.target.reset();
    refresh();
  });
  filters.addEventListener("change", refresh);
  filters.addEventListener("submit", (event) => event.preventDefault());
  $("button.reset").addEventListener("click", () => { filters.reset(); refresh(); });
  $("button.export").addEventListener("click", exportCsv);
  takeTokenFromFragment();
  if (token()) refresh(); else askForToken();
})();
