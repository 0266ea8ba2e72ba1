#!/usr/bin/env python3
"""Draws the latency percentiles of a ./fastshop bench run as an SVG bar chart (log scale, no dependencies).

Usage: latency-chart.py INPUT.tsv OUTPUT.svg TITLE   (INPUT: label<TAB>p50_ms<TAB>p99_ms per line)
"""
import math
import sys
from xml.sax.saxutils import escape

ROW, BAR, LEFT, RIGHT, TOP = 34, 12, 300, 40, 60
COLORS = {"p50": "#2b8cbe", "p99": "#e34a33"}


def main(source, target, title):
    rows = []
    with open(source, encoding="utf-8") as lines:
        for line in lines:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] and parts[2]:
                rows.append((parts[0], float(parts[1]), float(parts[2])))
    width, plot = 960, 960 - LEFT - RIGHT
    height = TOP + ROW * max(len(rows), 1) + 50
    low = 0.01
    high = 10 ** math.ceil(math.log10(max([r[2] for r in rows] + [1.0])))
    decades = math.log10(high / low)

    def x(value):
        return LEFT + plot * math.log10(max(value, low) / low) / decades

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{LEFT}" y="24" font-size="15" font-weight="bold">{escape(title)}</text>',
           f'<rect x="{LEFT}" y="34" width="10" height="10" fill="{COLORS["p50"]}"/>'
           f'<text x="{LEFT + 14}" y="43">p50</text>',
           f'<rect x="{LEFT + 60}" y="34" width="10" height="10" fill="{COLORS["p99"]}"/>'
           f'<text x="{LEFT + 74}" y="43">p99 (ms, log scale)</text>']
    tick = low
    while tick <= high * 1.0001:
        tx = x(tick)
        out.append(f'<line x1="{tx:.1f}" y1="{TOP - 6}" x2="{tx:.1f}" y2="{height - 40}" stroke="#ddd"/>')
        out.append(f'<text x="{tx:.1f}" y="{height - 24}" text-anchor="middle">{tick:g}</text>')
        tick *= 10
    for i, (label, p50, p99) in enumerate(rows):
        y = TOP + i * ROW
        out.append(f'<text x="{LEFT - 8}" y="{y + BAR + 4}" text-anchor="end">{escape(label)}</text>')
        for j, (name, value) in enumerate((("p50", p50), ("p99", p99))):
            by = y + j * BAR
            out.append(f'<rect x="{LEFT}" y="{by}" width="{max(x(value) - LEFT, 1):.1f}" height="{BAR - 2}" '
                       f'fill="{COLORS[name]}"/>')
            out.append(f'<text x="{x(value) + 4:.1f}" y="{by + BAR - 3}" font-size="10">{value:g}</text>')
    out.append("</svg>")
    with open(target, "w", encoding="utf-8") as svg:
        svg.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
