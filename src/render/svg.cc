#include "careergraph/render/svg.h"

#include <array>
#include <cmath>

#include <fmt/format.h>

namespace careergraph {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string_view PaletteColor(size_t index) {
  static constexpr std::array<std::string_view, 12> kColors = {
      "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
      "#F0E442", "#000000", "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF"};
  return kColors[index % kColors.size()];
}

std::string SvgNumber(double v) {
  if (!std::isfinite(v)) return "0";
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

SvgWriter::SvgWriter(double width, double height, std::string_view title)
    : width_(width), height_(height), title_(title) {}

void SvgWriter::Rect(double x, double y, double w, double h, std::string_view fill, std::string_view attrs) {
  body_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}{}/>\n", SvgNumber(x),
                       SvgNumber(y), SvgNumber(w), SvgNumber(h), fill, attrs.empty() ? "" : " ", attrs);
}

void SvgWriter::Line(double x1, double y1, double x2, double y2, std::string_view stroke, double width,
                     std::string_view attrs) {
  body_ += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}{}/>\n",
                       SvgNumber(x1), SvgNumber(y1), SvgNumber(x2), SvgNumber(y2), stroke, SvgNumber(width),
                       attrs.empty() ? "" : " ", attrs);
}

void SvgWriter::Polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke,
                         double width, std::string_view attrs) {
  body_ += "<polyline fill=\"none\" points=\"";
  for (size_t i = 0; i < points.size(); ++i) {
    if (i) body_ += ' ';
    body_ += SvgNumber(points[i].first);
    body_ += ',';
    body_ += SvgNumber(points[i].second);
  }
  body_ += fmt::format("\" stroke=\"{}\" stroke-width=\"{}\"{}{}/>\n", stroke, SvgNumber(width),
                       attrs.empty() ? "" : " ", attrs);
}

void SvgWriter::Path(std::string_view d, std::string_view fill, std::string_view attrs) {
  body_ += fmt::format("<path d=\"{}\" fill=\"{}\"{}{}/>\n", d, fill, attrs.empty() ? "" : " ", attrs);
}

void SvgWriter::Text(double x, double y, std::string_view text, std::string_view anchor, double size,
                     std::string_view attrs) {
  body_ += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\"{}{}>{}</text>\n",
                       SvgNumber(x), SvgNumber(y), anchor, SvgNumber(size), attrs.empty() ? "" : " ", attrs,
                       XmlEscape(text));
}

void SvgWriter::BeginGroup(std::string_view tooltip, std::string_view attrs) {
  body_ += fmt::format("<g{}{}>", attrs.empty() ? "" : " ", attrs);
  if (!tooltip.empty()) body_ += fmt::format("<title>{}</title>", XmlEscape(tooltip));
  body_ += '\n';
}

void SvgWriter::EndGroup() { body_ += "</g>\n"; }

std::string SvgWriter::Finish(bool standalone) const {
  std::string out;
  if (standalone) out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"{2}\" font-family=\"Helvetica, Arial, sans-serif\" "
      "style=\"max-width:100%;height:auto\">\n<title>{2}</title>\n",
      SvgNumber(width_), SvgNumber(height_), XmlEscape(title_));
  out += body_;
  out += "</svg>\n";
  return out;
}

}  // namespace careergraph
