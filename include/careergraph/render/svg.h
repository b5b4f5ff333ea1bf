// SVG: a small writer for the pictures careergraph draws (Sankey flows, survival curves, the
// report's charts). Produces one self-contained <svg> element — no scripts, no external fonts
// or stylesheets — so it can be written to a file or inlined in the HTML report.
// Thread-safety: an SvgWriter is not shared; the free functions are pure.
#ifndef CAREERGRAPH_RENDER_SVG_H_
#define CAREERGRAPH_RENDER_SVG_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace careergraph {

// Escapes &, <, >, " and ' for text and attribute values.
std::string XmlEscape(std::string_view text);

// A qualitative palette (colour-blind safe, Okabe–Ito then Tableau-like), cycled by index.
std::string_view PaletteColor(size_t index);

// Formats a coordinate with at most two decimals and no trailing zeros ("12.5", "3").
std::string SvgNumber(double v);

// Builds an SVG document element by element. Coordinates are in user units (pixels at 100%).
// The root carries width/height, a viewBox (so it scales on a phone) and role="img" with the
// title as the accessible name.
class SvgWriter {
 public:
  SvgWriter(double width, double height, std::string_view title);

  // Raw elements; `attrs` is appended verbatim inside the tag (caller escapes values).
  void Rect(double x, double y, double w, double h, std::string_view fill, std::string_view attrs = {});
  void Line(double x1, double y1, double x2, double y2, std::string_view stroke, double width = 1,
            std::string_view attrs = {});
  // A polyline through points; used for step curves and polygons' outlines.
  void Polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke,
                double width = 1.5, std::string_view attrs = {});
  // A path with the given `d`; `fill` may be "none".
  void Path(std::string_view d, std::string_view fill, std::string_view attrs = {});
  // Text; `anchor` is start|middle|end. The text is escaped.
  void Text(double x, double y, std::string_view text, std::string_view anchor = "start",
            double size = 12, std::string_view attrs = {});
  // A <title> tooltip for the next-opened group; wraps raw content in <g>…</g>.
  void BeginGroup(std::string_view tooltip = {}, std::string_view attrs = {});
  void EndGroup();
  void Raw(std::string_view markup) { body_ += markup; }

  // The finished document (with an XML declaration when `standalone`, for .svg files).
  std::string Finish(bool standalone = true) const;

  double width() const { return width_; }
  double height() const { return height_; }

 private:
  double width_, height_;
  std::string title_;
  std::string body_;
};

}  // namespace careergraph

#endif  // CAREERGRAPH_RENDER_SVG_H_
