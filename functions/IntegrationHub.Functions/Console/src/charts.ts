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
export function countsFigure(titleKey: Key, counts: Record<string, number>, id: string): HTMLElement {
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
  const countHead = el("th", t("count"), "num"); countHead.scope = "col";
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
