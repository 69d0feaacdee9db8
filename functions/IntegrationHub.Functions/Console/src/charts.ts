// Counts as an accessible table and a horizontal bar chart in inline SVG (no chart library).
import { formatNumber, t, type Key } from "./i18n.js";

const svgNs = "http://www.w3.org/2000/svg";

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A figure with a table of the counts and a bar per key; the SVG is hidden from screen readers (the table says it all). */
export function countsFigure(titleKey: Key, counts: Record<string, number>, id: string, countKey: Key = "count"): HTMLElement {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const figure = el("figure", undefined, "chart");
  figure.id = id;
  figure.append(el("figcaption", t(titleKey)));

  const max = Math.max(1, ...entries.map(([, count]) => count));
  const rowHeight = 26, labelWidth = 130, chartWidth = 260, height = Math.max(1, entries.length) * rowHeight + 4;
  const chart = svg("svg", { viewBox: `0 0 ${labelWidth + chartWidth + 70} ${height}`, role: "img", "aria-hidden": "true", focusable: "false" });
  entries.forEach(([key, count], i) => {
    const y = i * rowHeight + 2;
    const width = Math.max(2, Math.round((count / max) * chartWidth));
    chart.append(svg("text", { x: labelWidth - 6, y: y + 16, "text-anchor": "end" }, key));
    const bar = svg("rect", { x: labelWidth, y, width, height: rowHeight - 6, class: "bar", "data-key": key, "data-count": count });
    bar.append(svg("title", {}, `${key}: ${count}`));
    chart.append(bar);
    chart.append(svg("text", { x: labelWidth + width + 6, y: y + 16 }, formatNumber(count)));
  });
  figure.append(chart);

  const table = el("table");
  const head = el("tr");
  const keyHead = el("th", t("key")); keyHead.scope = "col";
  const countHead = el("th", t(countKey), "num"); countHead.scope = "col";
  head.append(keyHead, countHead);
  table.append(el("thead"));
  table.tHead!.append(head);
  const body = el("tbody");
  for (const [key, count] of entries) {
    const row = el("tr");
    const th = el("th", key); th.scope = "row";
    row.append(th, el("td", formatNumber(count), "num"));
    body.append(row);
  }
  table.append(body);
  figure.append(table);
  return figure;
}

export interface HourReads { hour: string; reads: number; cvs: number }

/**
 * The incident chart: a bar per UTC hour of the account's reads, with its own usual rate (baseline per hour) and its
 * per-hour limit drawn across when they are known. The SVG is hidden from screen readers; the table beside it lists
 * every hour with reads (hours without are left out: a 30-day window has 720 of them).
 */
export function hourlyFigure(hours: HourReads[], baselinePerHour: number | null, limitPerHour: number | null, id: string, format: (iso: string) => string): HTMLElement {
  const figure = el("figure", undefined, "chart hourly");
  figure.id = id;
  figure.append(el("figcaption", t("readsPerHour")));
  const width = 720, height = 220, left = 48, bottom = 24, top = 8, plotWidth = width - left - 8, plotHeight = height - top - bottom;
  const max = Math.max(1, ...hours.map(h => h.reads), baselinePerHour ?? 0, limitPerHour ?? 0);
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const step = plotWidth / Math.max(1, hours.length);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-hidden": "true", focusable: "false" });
  chart.append(svg("line", { x1: left, y1: top + plotHeight, x2: width - 8, y2: top + plotHeight, class: "axis" }));
  chart.append(svg("text", { x: left - 6, y: top + 10, "text-anchor": "end" }, formatNumber(max)));
  chart.append(svg("text", { x: left - 6, y: top + plotHeight, "text-anchor": "end" }, "0"));
  hours.forEach((h, i) => {
    if (h.reads === 0) return;
    const bar = svg("rect", { x: left + i * step, y: y(h.reads), width: Math.max(1, step - (step > 3 ? 1 : 0)), height: top + plotHeight - y(h.reads), class: "bar", "data-hour": h.hour, "data-count": h.reads });
    bar.append(svg("title", {}, `${format(h.hour)}: ${h.reads}`));
    chart.append(bar);
  });
  for (const [value, className, key] of [[baselinePerHour, "baseline", "baselinePerHour"], [limitPerHour, "limit", "limitPerHour"]] as [number | null, string, Key][]) {
    if (value == null) continue;
    chart.append(svg("line", { x1: left, y1: y(value), x2: width - 8, y2: y(value), class: className }));
    chart.append(svg("text", { x: width - 10, y: y(value) - 4, "text-anchor": "end" }, `${t(key)}: ${formatNumber(Math.round(value * 10) / 10)}`));
  }
  if (hours.length > 0) {
    chart.append(svg("text", { x: left, y: height - 6 }, format(hours[0].hour)));
    chart.append(svg("text", { x: width - 8, y: height - 6, "text-anchor": "end" }, format(hours[hours.length - 1].hour)));
  }
  figure.append(chart);

  const legend = el("p", undefined, "hint");
  legend.id = `${id}-legend`;
  legend.textContent = [
    baselinePerHour == null ? t("noBaseline") : `${t("baselinePerHour")}: ${formatNumber(Math.round(baselinePerHour * 10) / 10)}`,
    limitPerHour == null ? t("noHourLimit") : `${t("limitPerHour")}: ${formatNumber(limitPerHour)}`,
  ].join(" · ");
  figure.append(legend);

  const table = el("table");
  table.append(el("caption", t("hoursWithReads")));
  const head = el("tr");
  for (const [key, className] of [["hour", ""], ["receivedReads", "num"], ["receivedCvs", "num"]] as [Key, string][]) {
    const th = el("th", t(key), className || undefined); th.scope = "col"; head.append(th);
  }
  table.append(el("thead"));
  table.tHead!.append(head);
  const body = el("tbody");
  for (const h of hours.filter(h => h.reads > 0)) {
    const row = el("tr");
    const th = el("th", format(h.hour)); th.scope = "row";
    row.append(th, el("td", formatNumber(h.reads), "num"), el("td", formatNumber(h.cvs), "num"));
    body.append(row);
  }
  table.append(body);
  figure.append(table);
  return figure;
}
