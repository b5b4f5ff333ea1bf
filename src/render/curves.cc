// Survival and cumulative-incidence pictures (see render/curves.h).
#include "careergraph/render/curves.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "careergraph/render/svg.h"

namespace careergraph {
namespace {

using Points = std::vector<std::pair<double, double>>;

// A step function drawn left to right: a value that changes at x is a horizontal run to x and
// a drop (or rise) there; drops closer than half a pixel to the previous one join it.
class Steps {
 public:
  Steps(double x, double y) { pts_.emplace_back(x, y); }
  void To(double x, double y) {
    if (y == pts_.back().second) return;
    const size_t n = pts_.size();
    if (n >= 2 && pts_[n - 1].first == pts_[n - 2].first && x - pts_.back().first < 0.5) {
      pts_.back().second = y;
      return;
    }
    pts_.emplace_back(x, pts_.back().second);
    pts_.emplace_back(x, y);
  }
  Points End(double x) {
    if (x > pts_.back().first) pts_.emplace_back(x, pts_.back().second);
    return std::move(pts_);
  }

 private:
  Points pts_;
};

std::string PathOf(const Points& forward, const Points& backward) {
  std::string d;
  for (const auto& [x, y] : forward) d += fmt::format("{}{},{}", d.empty() ? "M" : " L", SvgNumber(x), SvgNumber(y));
  for (auto it = backward.rbegin(); it != backward.rend(); ++it) {
    d += fmt::format(" L{},{}", SvgNumber(it->first), SvgNumber(it->second));
  }
  return d + " Z";
}

struct LegendEntry {
  std::string label;
  std::string color;
  enum Kind { kLine, kBand, kDashed } kind = kLine;
  std::string dash;  // a dash pattern for a line (colours repeat after the palette's 12)
};

// Colour and dash pattern of the k-th curve: the palette, then the palette again dashed.
std::string DashOf(size_t k) { return k < 12 ? "" : (k < 24 ? "7 3" : "2 2"); }

// Approximate text width for layout (Helvetica averages ~0.58 em per character).
double TextWidth(std::string_view s, double size) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return static_cast<double>(chars) * size * 0.58;
}

std::string Percent(double v) { return SvgNumber(v * 100) + " %"; }

std::string TimeText(double days, TimeUnit unit) {
  const double v = days / DaysPerUnit(unit);
  return fmt::format("{} {}", unit == TimeUnit::kDays ? fmt::format("{:.0f}", v) : fmt::format("{:.1f}", v),
                     TimeUnitName(unit));
}

// Everything but the curves: title, legend, grid, axes, tick labels and the at-risk row.
class Chart {
 public:
  Chart(const CurveStyle& style, std::string_view title, const std::vector<LegendEntry>& legend, double last_days,
        TimeUnit unit, double y_max, std::string_view y_label)
      : style_(style), y_max_(y_max) {
    const double fs = style.font_size, title_fs = fs + 3;
    left_ = 72;
    width_ = style.width - left_ - 24;
    // The title, wrapped at spaces to the picture's width.
    std::vector<std::string> title_lines{""};
    size_t at = 0;
    while (at < title.size()) {
      size_t next = title.find(' ', at);
      if (next == std::string_view::npos) next = title.size();
      const std::string_view word = title.substr(at, next - at);
      std::string& line = title_lines.back();
      if (!line.empty() && TextWidth(line, title_fs) + TextWidth(word, title_fs) + title_fs * 0.3 > style.width - 32) {
        title_lines.emplace_back(word);
      } else {
        line += (line.empty() ? "" : " ") + std::string(word);
      }
      at = next + 1;
    }
    const double legend_top = 24 + static_cast<double>(title_lines.size()) * (title_fs + 5);
    // Legend rows, wrapped to the plot's width.
    double x = 0;
    int row = 0;
    for (const LegendEntry& e : legend) {
      const double w = 26 + TextWidth(e.label, fs) + 18;
      if (x > 0 && x + w > width_) {
        x = 0;
        ++row;
      }
      legend_pos_.push_back({x, row});
      x += w;
    }
    const int legend_rows = legend.empty() ? 0 : row + 1;
    top_ = legend_top + legend_rows * (fs + 8) + 8;
    height_ = style.plot_height;
    const double total_height = top_ + height_ + 34 + 4 * fs;
    svg_ = std::make_unique<SvgWriter>(style.width, total_height, title);

    // Ticks in the unit; the axis ends at the first tick at or after the last time.
    ticks_ = RegularTimes(last_days, unit);
    const double step = ticks_.size() > 1 ? ticks_[1] - ticks_[0] : DaysPerUnit(unit);
    if (ticks_.size() == 1 || ticks_.back() < last_days * (1 - 1e-12)) ticks_.push_back(ticks_.back() + step);
    x_max_ = ticks_.back();

    SvgWriter& s = *svg_;
    s.Rect(0, 0, style.width, total_height, "#ffffff");
    for (size_t i = 0; i < title_lines.size(); ++i) {
      s.Text(16, 24 + static_cast<double>(i) * (title_fs + 5), title_lines[i], "start", title_fs,
             "font-weight=\"bold\"");
    }
    for (size_t i = 0; i < legend.size(); ++i) {
      const double lx = left_ + legend_pos_[i].first, ly = legend_top + legend_pos_[i].second * (fs + 8);
      const LegendEntry& e = legend[i];
      s.BeginGroup({}, fmt::format("class=\"legend\" data-label=\"{}\"", XmlEscape(e.label)));
      if (e.kind == LegendEntry::kBand) {
        s.Rect(lx, ly - fs * 0.5, 20, fs * 0.8, e.color, "fill-opacity=\"0.2\"");
      } else {
        s.Line(lx, ly - fs * 0.1, lx + 20, ly - fs * 0.1, e.color, 2.5,
               e.kind == LegendEntry::kDashed ? "stroke-dasharray=\"4 3\""
                                              : (e.dash.empty() ? "" : fmt::format("stroke-dasharray=\"{}\"", e.dash)));
      }
      s.Text(lx + 26, ly + fs * 0.3, e.label, "start", fs);
      s.EndGroup();
    }
    // Horizontal grid and y labels: five lines from 0 to y_max.
    for (int k = 0; k <= 4; ++k) {
      const double v = y_max * k / 4, y = Y(v);
      s.Line(left_, y, left_ + width_, y, k == 0 ? "#333333" : "#e3e3e3", 1);
      s.Text(left_ - 8, y + fs * 0.35, Percent(v), "end", fs);
    }
    s.Line(left_, top_, left_, top_ + height_, "#333333", 1);
    s.Text(18, top_ + height_ / 2, y_label, "middle", fs,
           fmt::format("transform=\"rotate(-90 18 {})\"", SvgNumber(top_ + height_ / 2)));
    // Time axis.
    for (double t : ticks_) {
      const double x = X(t);
      s.Line(x, top_ + height_, x, top_ + height_ + 5, "#333333", 1);
      s.Text(x, top_ + height_ + 6 + fs, SvgNumber(t / DaysPerUnit(unit)), "middle", fs);
    }
    s.Text(left_ + width_ / 2, top_ + height_ + 12 + 2 * fs, fmt::format("time in role ({})", TimeUnitName(unit)),
           "middle", fs);
  }

  // The number at risk under each tick, below a heading of its own.
  template <typename F>
  void AtRiskRow(F&& at_risk) {
    SvgWriter& s = *svg_;
    const double fs = style_.font_size, bottom = top_ + height_;
    s.Text(16, bottom + 24 + 3 * fs, "Number at risk", "start", fs, "font-weight=\"bold\"");
    const double y = bottom + 28 + 4 * fs;
    for (double t : ticks_) {
      s.Text(X(t), y, fmt::format("{}", at_risk(t)), "middle", style_.font_size, "class=\"at-risk\"");
    }
  }

  double X(double days) const { return left_ + width_ * std::clamp(days / x_max_, 0.0, 1.0); }
  double Y(double v) const { return top_ + height_ * (1 - std::clamp(v / y_max_, 0.0, 1.0)); }
  double x_max() const { return x_max_; }
  SvgWriter& svg() { return *svg_; }
  double font_size() const { return style_.font_size; }

 private:
  CurveStyle style_;
  double y_max_;
  double left_ = 0, top_ = 0, width_ = 0, height_ = 0, x_max_ = 1;
  std::vector<double> ticks_;
  std::vector<std::pair<double, int>> legend_pos_;
  std::unique_ptr<SvgWriter> svg_;
};

// The smallest round scale at or above v (for incidence curves).
double RoundScale(double v) {
  for (double s : {0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.8, 1.0}) {
    if (v <= s + 1e-12) return s;
  }
  return 1;
}

}  // namespace

std::string SurvivalSvg(const KaplanMeier& km, TimeUnit unit, std::string_view title, bool standalone,
                        const CurveStyle& style) {
  const std::string color(PaletteColor(0));
  const SurvivalQuantile& med = km.median();
  std::string median_label = "median not reached";
  if (med.time) {
    const double per = DaysPerUnit(unit);
    median_label = fmt::format("median {}", TimeText(*med.time, unit));
    median_label += fmt::format(" (95 % CI {} – {})", med.lower ? fmt::format("{:.1f}", *med.lower / per) : "?",
                                med.upper ? fmt::format("{:.1f}", *med.upper / per) : "not reached");
  }
  const std::vector<LegendEntry> legend = {{"Kaplan–Meier: still in the role", color, LegendEntry::kLine, ""},
                                           {"95 % interval (log)", color, LegendEntry::kBand, ""},
                                           {median_label, "#555555", LegendEntry::kDashed, ""}};
  Chart chart(style, title, legend, km.last_time(), unit, 1.0, "still in the role");
  SvgWriter& s = chart.svg();
  const double x_end = chart.X(km.last_time());

  // The band, while the interval exists (it ends where the survival reaches 0).
  Steps upper(chart.X(0), chart.Y(1)), lower(chart.X(0), chart.Y(1));
  double band_end = x_end;
  for (const SurvivalPoint& p : km.curve) {
    if (!std::isfinite(p.lower) || !std::isfinite(p.upper)) {
      band_end = chart.X(p.time);
      break;
    }
    upper.To(chart.X(p.time), chart.Y(p.upper));
    lower.To(chart.X(p.time), chart.Y(p.lower));
  }
  s.BeginGroup("95 % interval (log-transformed, Greenwood)", "class=\"band\"");
  s.Path(PathOf(upper.End(band_end), lower.End(band_end)), color, "fill-opacity=\"0.18\" stroke=\"none\"");
  s.EndGroup();

  Steps curve(chart.X(0), chart.Y(1));
  for (const SurvivalPoint& p : km.curve) curve.To(chart.X(p.time), chart.Y(p.survival));
  s.BeginGroup(fmt::format("Kaplan–Meier: {} spells, {} ended", km.n, km.events), "class=\"survival\"");
  s.Polyline(curve.End(x_end), color, 2.2);
  s.EndGroup();

  if (med.time) {
    const double xm = chart.X(*med.time), y50 = chart.Y(0.5), y0 = chart.Y(0);
    s.BeginGroup(median_label, "class=\"median\"");
    s.Polyline({{chart.X(0), y50}, {xm, y50}, {xm, y0}}, "#555555", 1.2, "stroke-dasharray=\"4 3\"");
    s.Text(xm + 4, y0 - 6, TimeText(*med.time, unit), "start", chart.font_size());
    s.EndGroup();
  }
  chart.AtRiskRow([&](double t) { return KaplanMeierAt(km, t).at_risk; });
  return s.Finish(standalone);
}

std::string IncidenceSvg(const CompetingRisks& cr, const std::vector<std::string>& causes, TimeUnit unit,
                         std::string_view title, bool standalone, const CurveStyle& style) {
  std::vector<LegendEntry> legend;
  double top = 0;
  for (size_t k = 0; k < causes.size() && k < cr.causes.size(); ++k) {
    const IncidenceCurve& c = cr.causes[k];
    const double final_value = c.incidence.empty() ? 0 : c.incidence.back();
    top = std::max(top, final_value);
    legend.push_back({fmt::format("{} ({})", causes[k], Percent(std::round(final_value * 1000) / 1000)),
                      std::string(PaletteColor(k)), LegendEntry::kLine, DashOf(k)});
  }
  const int32_t last = cr.time.empty() ? 0 : cr.time.back();
  Chart chart(style, title, legend, last, unit, RoundScale(top * 1.05), "left for (cumulative incidence)");
  SvgWriter& s = chart.svg();
  for (size_t k = 0; k < causes.size() && k < cr.causes.size(); ++k) {
    const IncidenceCurve& c = cr.causes[k];
    Steps curve(chart.X(0), chart.Y(0));
    for (size_t j = 0; j < cr.time.size(); ++j) curve.To(chart.X(cr.time[j]), chart.Y(c.incidence[j]));
    const double final_value = c.incidence.empty() ? 0 : c.incidence.back();
    s.BeginGroup(fmt::format("{}: {} events, cumulative incidence {:.3f}", causes[k], c.events, final_value),
                 fmt::format("class=\"incidence\" data-cause=\"{}\"", XmlEscape(causes[k])));
    s.Polyline(curve.End(chart.X(last)), PaletteColor(k), 2,
               DashOf(k).empty() ? "" : fmt::format("stroke-dasharray=\"{}\"", DashOf(k)));
    s.EndGroup();
  }
  chart.AtRiskRow([&](double t) -> int64_t {
    const auto it = std::lower_bound(cr.time.begin(), cr.time.end(), t,
                                     [](int32_t x, double v) { return static_cast<double>(x) < v; });
    return it == cr.time.end() ? 0 : cr.at_risk[static_cast<size_t>(it - cr.time.begin())];
  });
  return s.Finish(standalone);
}

}  // namespace careergraph
