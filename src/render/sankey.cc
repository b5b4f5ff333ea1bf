// Sankey layout and drawing (see render/sankey.h). Two passes: node totals and slot positions
// per column, then ribbons stacked inside their nodes in the other column's order.
#include "careergraph/render/sankey.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "careergraph/render/svg.h"

namespace careergraph {
namespace {

constexpr const char* kDestinationColor = "#8C8C8C";

// "1 entry", "2 entries": `one` and `many` are the word's forms.
std::string Count(int64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Rough width of text in the sans-serif font: what the margins are sized by.
double TextWidth(std::string_view text, double font_size) {
  size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  return static_cast<double>(chars) * font_size * 0.6;
}

struct Column {
  std::vector<int64_t> total;  // per node
  std::vector<double> y;       // top of the node's rectangle
  std::vector<double> height;  // of the rectangle
  std::vector<double> slot_mid;
  double bottom = 0;
};

}  // namespace

std::string RenderSankey(const SankeyDiagram& d, const SankeyStyle& style, bool standalone) {
  Column left, right;
  left.total.assign(d.left.size(), 0);
  right.total.assign(d.right.size(), 0);
  auto drawn = [&](const SankeyLink& l) { return l.value > 0 && l.from < d.left.size() && l.to < d.right.size(); };
  int64_t all = 0;
  for (const SankeyLink& l : d.links) {
    if (!drawn(l)) continue;
    left.total[l.from] += l.value;
    right.total[l.to] += l.value;
    all += l.value;
  }
  const double scale = all > 0 ? style.flow_height / static_cast<double>(all) : 0;
  const double line = style.font_size * 1.4;
  const double top = 28 + line * 1.5;  // title, then the column headings

  auto label = [](const SankeyNode& n, int64_t total) { return fmt::format("{} ({})", n.label, total); };
  auto place = [&](const std::vector<SankeyNode>& nodes, Column* c) {
    c->y.assign(nodes.size(), 0);
    c->height.assign(nodes.size(), 0);
    c->slot_mid.assign(nodes.size(), 0);
    double y = top;
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (c->total[i] <= 0) continue;
      const double h = std::max(style.min_node_height, static_cast<double>(c->total[i]) * scale);
      const double slot = std::max(h, line);
      c->y[i] = y + (slot - h) / 2;
      c->height[i] = h;
      c->slot_mid[i] = y + slot / 2;
      y += slot + style.node_gap;
    }
    c->bottom = y;
  };
  place(d.left, &left);
  place(d.right, &right);

  double left_margin = TextWidth(d.left_heading, style.font_size);
  double right_margin = TextWidth(d.right_heading, style.font_size);
  for (size_t i = 0; i < d.left.size(); ++i) {
    if (left.total[i] > 0) left_margin = std::max(left_margin, TextWidth(label(d.left[i], left.total[i]), style.font_size));
  }
  for (size_t i = 0; i < d.right.size(); ++i) {
    if (right.total[i] > 0) right_margin = std::max(right_margin, TextWidth(label(d.right[i], right.total[i]), style.font_size));
  }
  left_margin += 16;
  right_margin += 16;
  const double min_ribbons = 240;
  const double width = std::max(style.width, left_margin + right_margin + 2 * style.node_width + min_ribbons);
  const double height = std::max(left.bottom, right.bottom) + 12;
  const double x_left = left_margin;                       // left nodes' left edge
  const double x_right = width - right_margin - style.node_width;  // right nodes' left edge
  const double x0 = x_left + style.node_width, x1 = x_right;
  const double xm = (x0 + x1) / 2;

  SvgWriter svg(width, height, d.title);
  svg.Text(width / 2, 20, d.title, "middle", style.font_size + 2, "font-weight=\"bold\"");
  svg.Text(x_left + style.node_width, top - line * 0.6, d.left_heading, "end", style.font_size, "fill=\"#555\"");
  svg.Text(x_right, top - line * 0.6, d.right_heading, "start", style.font_size, "fill=\"#555\"");

  // Ribbons, in order of left node then right node: the stacking order at both ends.
  std::vector<size_t> order;
  for (size_t i = 0; i < d.links.size(); ++i) {
    if (drawn(d.links[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(d.links[a].from, d.links[a].to) < std::tie(d.links[b].from, d.links[b].to);
  });
  std::vector<size_t> by_right = order;
  std::stable_sort(by_right.begin(), by_right.end(), [&](size_t a, size_t b) {
    return std::tie(d.links[a].to, d.links[a].from) < std::tie(d.links[b].to, d.links[b].from);
  });
  std::vector<double> y_from(d.links.size()), y_to(d.links.size());
  std::vector<double> left_fill(left.y), right_fill(right.y);
  for (size_t i : order) {
    y_from[i] = left_fill[d.links[i].from];
    left_fill[d.links[i].from] += static_cast<double>(d.links[i].value) * scale;
  }
  for (size_t i : by_right) {
    y_to[i] = right_fill[d.links[i].to];
    right_fill[d.links[i].to] += static_cast<double>(d.links[i].value) * scale;
  }
  for (size_t i : order) {
    const SankeyLink& l = d.links[i];
    // At least a hairline, so a single move stays visible.
    const double w = std::max(0.75, static_cast<double>(l.value) * scale);
    const double a = y_from[i], b = y_to[i];
    const std::string path = fmt::format(
        "M{0},{1} C{2},{1} {2},{3} {4},{3} L{4},{5} C{2},{5} {2},{6} {0},{6} Z", SvgNumber(x0), SvgNumber(a),
        SvgNumber(xm), SvgNumber(b), SvgNumber(x1), SvgNumber(b + w), SvgNumber(a + w));
    const std::string tooltip = l.tooltip.empty()
                                    ? fmt::format("{} → {}: {}", d.left[l.from].label, d.right[l.to].label, l.value)
                                    : l.tooltip;
    svg.BeginGroup(tooltip, fmt::format("class=\"link\" data-from=\"{}\" data-to=\"{}\"", XmlEscape(d.left[l.from].id),
                                        XmlEscape(d.right[l.to].id)));
    svg.Path(path, l.color, fmt::format("fill-opacity=\"{}\"", SvgNumber(style.ribbon_opacity)));
    svg.EndGroup();
  }

  // Nodes over the ribbons' ends, with their labels.
  auto nodes = [&](const std::vector<SankeyNode>& list, const Column& c, bool is_left) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (c.total[i] <= 0) continue;
      const SankeyNode& n = list[i];
      const std::string text = label(n, c.total[i]);
      svg.BeginGroup(fmt::format("{}: {} {}", n.label, Count(c.total[i], "move", "moves"), is_left ? "from here" : "to here"),
                     fmt::format("class=\"node\" data-side=\"{}\" data-id=\"{}\"", is_left ? "left" : "right",
                                 XmlEscape(n.id)));
      const double x = is_left ? x_left : x_right;
      svg.Rect(x, c.y[i], style.node_width, c.height[i], n.color);
      const double ty = c.slot_mid[i] + style.font_size * 0.35;
      if (is_left) svg.Text(x - 6, ty, text, "end", style.font_size);
      else svg.Text(x + style.node_width + 6, ty, text, "start", style.font_size);
      svg.EndGroup();
    }
  };
  nodes(d.left, left, true);
  nodes(d.right, right, false);
  return svg.Finish(standalone);
}

SankeyDiagram FlowSankey(const FlowTable& flows, const Framework& fw, bool within_track) {
  SankeyDiagram d;
  d.title = within_track ? "Flows between tracks, entries and exits" : "Cross-track flows, entries and exits";
  d.left_heading = "from: entries and tracks";
  d.right_heading = "to: tracks and exits";
  const size_t n_tracks = flows.tracks.size(), n_dest = flows.destinations.size();
  auto track_color = [](size_t t) { return std::string(PaletteColor(t)); };
  auto track_name = [&](size_t t) {
    const Track* tr = fw.FindTrack(flows.tracks[t]);
    return tr && !tr->name.empty() ? tr->name : flows.tracks[t];
  };
  auto destination_name = [&](size_t k) {
    const Destination* dest = fw.FindDestination(flows.destinations[k]);
    return dest && !dest->name.empty() ? dest->name : flows.destinations[k];
  };
  // Left: destinations [0, n_dest), then tracks. Right: tracks [0, n_tracks), then destinations.
  for (size_t k = 0; k < n_dest; ++k) d.left.push_back({flows.destinations[k], destination_name(k), kDestinationColor});
  for (size_t t = 0; t < n_tracks; ++t) d.left.push_back({flows.tracks[t], track_name(t), track_color(t)});
  for (size_t t = 0; t < n_tracks; ++t) d.right.push_back({flows.tracks[t], track_name(t), track_color(t)});
  for (size_t k = 0; k < n_dest; ++k) d.right.push_back({flows.destinations[k], destination_name(k), kDestinationColor});

  auto index = [](const std::vector<std::string>& ids, std::string_view id) {
    return static_cast<size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
  };
  // Entries and exits, summed over levels.
  std::vector<int64_t> in(n_dest * n_tracks, 0), out(n_tracks * n_dest, 0);
  for (const BoundaryFlow& b : flows.entries) {
    in[index(flows.destinations, b.destination) * n_tracks + index(flows.tracks, b.track)] += b.count;
  }
  for (const BoundaryFlow& b : flows.exits) {
    out[index(flows.tracks, b.track) * n_dest + index(flows.destinations, b.destination)] += b.count;
  }
  for (size_t k = 0; k < n_dest; ++k) {
    for (size_t t = 0; t < n_tracks; ++t) {
      const int64_t v = in[k * n_tracks + t];
      if (v == 0) continue;
      d.links.push_back({k, t, v, track_color(t),
                         fmt::format("{} → {}: {}", destination_name(k), track_name(t), Count(v, "entry", "entries"))});
    }
  }
  for (size_t f = 0; f < n_tracks; ++f) {
    for (size_t t = 0; t < n_tracks; ++t) {
      const TrackPairCount& c = flows.matrix[f * n_tracks + t];
      if (c.count == 0 || (f == t && !within_track)) continue;
      std::string tip =
          f == t ? fmt::format("{} → {}: {} within the track ({}, {})", track_name(f), track_name(t),
                               Count(c.count, "move", "moves"), Count(c.promotions, "promotion", "promotions"),
                               Count(c.step_backs, "step-back", "step-backs"))
                 : fmt::format("{} → {}: {}", track_name(f), track_name(t),
                               Count(c.count, "cross-track move", "cross-track moves"));
      d.links.push_back({n_dest + f, t, c.count, track_color(f), std::move(tip)});
    }
    for (size_t k = 0; k < n_dest; ++k) {
      const int64_t v = out[f * n_dest + k];
      if (v == 0) continue;
      d.links.push_back({n_dest + f, n_tracks + k, v, track_color(f),
                         fmt::format("{} → {}: {}", track_name(f), destination_name(k), Count(v, "exit", "exits"))});
    }
  }
  return d;
}

}  // namespace careergraph
