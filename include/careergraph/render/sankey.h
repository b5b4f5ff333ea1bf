// Sankey diagrams: two columns of nodes (where moves come from, where they go) joined by
// ribbons whose widths are counts, drawn with the SVG writer (render/svg.h). `FlowSankey` turns
// a FlowTable (analysis/flows.h) into one; `RenderSankey` draws any two-column diagram.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// Layout (deterministic: nodes in the order given, ribbons in node order):
//   - node heights are proportional to the node's total (one scale for both columns:
//     style.flow_height / all ribbons' total), at least style.min_node_height, and each node's
//     slot is at least one label line tall, so small nodes keep legible, non-overlapping labels;
//   - at a left node, outgoing ribbons are stacked in the order of their right nodes, and at a
//     right node incoming ribbons in the order of their left nodes, so ribbons of one node never
//     cross each other;
//   - a ribbon is a cubic Bézier band (control points at the horizontal midpoint) from its left
//     node's right edge to its right node's left edge, filled with its colour, translucent, with
//     a <title> tooltip;
//   - labels (name and count) sit left of the left nodes and right of the right nodes, with
//     margins sized to the longest label.
#ifndef CAREERGRAPH_RENDER_SANKEY_H_
#define CAREERGRAPH_RENDER_SANKEY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "careergraph/analysis/flows.h"
#include "careergraph/model/framework.h"

namespace careergraph {

struct SankeyNode {
  std::string id;     // written as data-id, for tests and scripts
  std::string label;  // shown with the node's total
  std::string color;  // fill, "#rrggbb"
};

struct SankeyLink {
  size_t from = 0;  // index into SankeyDiagram::left
  size_t to = 0;    // index into SankeyDiagram::right
  int64_t value = 0;
  std::string color;
  std::string tooltip;  // empty: "FROM → TO: VALUE"
};

struct SankeyDiagram {
  std::string title;
  std::string left_heading;   // above the left column ("from")
  std::string right_heading;  // above the right column ("to")
  std::vector<SankeyNode> left;
  std::vector<SankeyNode> right;
  std::vector<SankeyLink> links;  // values <= 0, and indices out of range, are not drawn
};

struct SankeyStyle {
  double width = 960;            // whole picture, pixels; the ribbons get what the labels leave
  double flow_height = 480;      // height of a column's nodes at full scale, gaps excluded
  double node_width = 14;
  double min_node_height = 2;    // a node with any moves is at least this tall
  double node_gap = 8;           // between consecutive slots of a column
  double font_size = 12;
  double ribbon_opacity = 0.45;
};

// The SVG document (with an XML declaration when `standalone`). A node whose total is 0 is left
// out; nodes are <g class="node" data-side="left|right" data-id="ID"> with a <title>, ribbons
// <g class="link" data-from="ID" data-to="ID"> with a <title> and one <path>.
std::string RenderSankey(const SankeyDiagram& diagram, const SankeyStyle& style = {}, bool standalone = true);

// The track flows as a diagram. Left: the destinations people enter from, then the tracks
// (framework order); right: the tracks, then the destinations people leave to. Ribbons: entries
// (destination → track), moves between tracks (cross-track and, when `within_track`, a track's
// promotions and step-backs as one ribbon to itself) and exits (track → destination). Tracks
// take the palette's colours in framework order, destinations grey; a ribbon has the colour of
// its source track, or for an entry, of the track entered.
SankeyDiagram FlowSankey(const FlowTable& flows, const Framework& framework, bool within_track = true);

}  // namespace careergraph

#endif  // CAREERGRAPH_RENDER_SANKEY_H_
