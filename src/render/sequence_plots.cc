// The pictures of sequence analysis (see render/sequence_plots.h).
#include "careergraph/render/sequence_plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <utility>

#include "careergraph/render/svg.h"

namespace careergraph {
namespace {

using Code = SequenceSet::Code;

constexpr std::string_view kAxis = "#333333";
constexpr std::string_view kGrid = "#e3e3e3";
constexpr std::string_view kMuted = "#5f5f5f";
constexpr std::string_view kMissingColor = "#bdbdbd";
constexpr std::string_view kLineColor = "#1a1a1a";
constexpr double kMaxRowHeight = 14;  // index plot: a strip never gets fatter than this

// Okabe–Ito without black (areas of black swallow their neighbours), then Tableau-like hues
// that stay apart from them and from the missing grey.
constexpr std::array<std::string_view, 14> kStatePalette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                                                            "#D55E00", "#F0E442", "#8C564B", "#9467BD", "#BCBD22",
                                                            "#17BECF", "#FF9DA7", "#4E79A7", "#59A14F"};

// Approximate text width for layout (Helvetica averages ~0.58 em per character).
double TextWidth(std::string_view s, double size) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return static_cast<double>(chars) * size * 0.58;
}

// Coordinates are written with two decimals; layout boundaries are rounded the same way first,
// so adjacent rects share an edge exactly and stacked heights add up to the whole.
double Round2(double v) { return std::round(v * 100) / 100; }

std::string Percent(double share) { return fmt::format("{:.1f} %", share * 100); }

// A weight or count: integral values without decimals.
std::string Amount(double v) {
  if (std::abs(v - std::round(v)) < 1e-9) return fmt::format("{:.0f}", v);
  return fmt::format("{:.2f}", v);
}

std::string StateLabel(const std::vector<std::string>& states, size_t k, const SequencePlotOptions& o) {
  if (k < o.labels.size() && !o.labels[k].empty()) return o.labels[k];
  if (states[k] == SequenceSet::kMissingSymbol) return "missing (*)";
  return states[k];
}

// A round step of about range/target: 1, 2, 2.5 or 5 times a power of ten.
double NiceStep(double range, int target) {
  if (!(range > 0)) return 1;
  const double raw = range / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  }
  return 10 * magnitude;
}

std::string TickText(double v, double step) {
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9)) + (step == 0.25 ? 1 : 0);
  return fmt::format("{:.{}f}", v, std::max(0, decimals));
}

// Every k-th period label is shown, k the first of a round series that leaves a label's width
// (and a gap) between shown labels; the series keeps months on the same month of the year.
size_t LabelStep(const std::vector<std::string>& labels, double cell, double fs) {
  double widest = 0;
  for (const std::string& l : labels) widest = std::max(widest, TextWidth(l, fs));
  const double needed = (widest + fs) / std::max(cell, 1e-9);
  for (size_t k : {1, 2, 3, 4, 5, 6, 10, 12, 20, 24, 25, 36, 48, 50, 60, 100, 120, 200, 240, 250, 500, 1000}) {
    if (static_cast<double>(k) >= needed) return k;
  }
  return static_cast<size_t>(std::ceil(needed));
}

struct LegendItem {
  std::string label;
  std::string color;
  std::string state;  // data-state; empty for a line
  bool line = false;
};

// Title (wrapped), grey subtitle and the legend rows above the plot; `top` is where the plot's
// content starts.
class Header {
 public:
  Header(const SequencePlotOptions& o, std::string_view title, std::string subtitle, std::vector<LegendItem> legend,
         double legend_left)
      : o_(o), subtitle_(std::move(subtitle)), legend_(std::move(legend)), legend_left_(legend_left) {
    const double fs = o.font_size, title_fs = fs + 3;
    title_lines_.emplace_back();
    size_t at = 0;
    while (at < title.size()) {
      size_t next = title.find(' ', at);
      if (next == std::string_view::npos) next = title.size();
      const std::string_view word = title.substr(at, next - at);
      std::string& line = title_lines_.back();
      if (!line.empty() && TextWidth(line, title_fs) + TextWidth(word, title_fs) + title_fs * 0.3 > o.width - 32) {
        title_lines_.emplace_back(word);
      } else {
        line += (line.empty() ? "" : " ") + std::string(word);
      }
      at = next + 1;
    }
    double y = 24 + static_cast<double>(title_lines_.size() - 1) * (title_fs + 5);
    if (!subtitle_.empty()) {
      subtitle_y_ = y + fs + 8;
      y = subtitle_y_;
    }
    legend_top_ = y + fs + 14;
    const double legend_width = o.width - legend_left - 16;
    double x = 0;
    int row = 0;
    for (const LegendItem& e : legend_) {
      const double w = 22 + TextWidth(e.label, fs) + 18;
      if (x > 0 && x + w > legend_width) {
        x = 0;
        ++row;
      }
      legend_pos_.emplace_back(x, row);
      x += w;
    }
    const int rows = legend_.empty() ? 0 : row + 1;
    top_ = legend_top_ + rows * (fs + 9) + (legend_.empty() ? 0 : 6);
  }

  double top() const { return top_; }

  void Draw(SvgWriter& s) const {
    const double fs = o_.font_size, title_fs = fs + 3;
    s.Rect(0, 0, s.width(), s.height(), "#ffffff");
    for (size_t i = 0; i < title_lines_.size(); ++i) {
      s.Text(16, 24 + static_cast<double>(i) * (title_fs + 5), title_lines_[i], "start", title_fs,
             "font-weight=\"bold\" fill=\"#1a1a1a\"");
    }
    if (!subtitle_.empty()) s.Text(16, subtitle_y_, subtitle_, "start", fs, fmt::format("fill=\"{}\"", kMuted));
    for (size_t i = 0; i < legend_.size(); ++i) {
      const LegendItem& e = legend_[i];
      const double lx = legend_left_ + legend_pos_[i].first, ly = legend_top_ + legend_pos_[i].second * (fs + 9);
      s.BeginGroup({}, e.state.empty() ? std::string("class=\"legend\"")
                                       : fmt::format("class=\"legend\" data-state=\"{}\"", XmlEscape(e.state)));
      if (e.line) {
        s.Line(lx, ly - fs * 0.35, lx + 16, ly - fs * 0.35, e.color, 2.5);
      } else {
        s.Rect(lx, ly - fs * 0.85, 16, fs, e.color, "rx=\"2\"");
      }
      s.Text(lx + 22, ly, e.label, "start", fs, fmt::format("fill=\"{}\"", kAxis));
      s.EndGroup();
    }
  }

 private:
  const SequencePlotOptions& o_;
  std::vector<std::string> title_lines_;
  std::string subtitle_;
  std::vector<LegendItem> legend_;
  double legend_left_;
  double subtitle_y_ = 0, legend_top_ = 0, top_ = 0;
  std::vector<std::pair<double, int>> legend_pos_;
};

std::string EmptySvg(std::string_view title, const SequencePlotOptions& o) {
  Header header(o, title, "", {}, 16);
  SvgWriter s(o.width, header.top() + 60, title);
  header.Draw(s);
  s.Text(o.width / 2, header.top() + 30, "no sequences", "middle", o.font_size + 2,
         fmt::format("class=\"empty\" fill=\"{}\"", kMuted));
  return s.Finish(o.standalone);
}

// The time axis under a plot: the axis line at `y`, a tick and label under every k-th period's
// middle, the axis title below. Takes 16 + 2·fs pixels under `y`.
void PeriodAxis(SvgWriter& s, const std::vector<std::string>& periods, double left, double cell, double y,
                const SequencePlotOptions& o) {
  const double fs = o.font_size;
  s.Line(left, y, left + cell * static_cast<double>(periods.size()), y, kAxis, 1);
  const size_t k = LabelStep(periods, cell, fs);
  for (size_t t = 0; t < periods.size(); t += k) {
    const double x = left + (static_cast<double>(t) + 0.5) * cell;
    s.Line(x, y, x, y + 4, kAxis, 1);
    s.Text(x, y + 5 + fs, periods[t], "middle", fs, fmt::format("class=\"period\" fill=\"{}\"", kAxis));
  }
  s.Text(left + cell * static_cast<double>(periods.size()) / 2, y + 12 + 2 * fs, fmt::format("time ({})", o.time_unit),
         "middle", fs, fmt::format("fill=\"{}\"", kAxis));
}

// A vertical value axis on the left (or right) of a plot: ticks from 0 to `max` every `step`,
// labels by `text`, optional horizontal grid lines across `width`, and a rotated title.
template <typename F>
void ValueAxis(SvgWriter& s, double x, double top, double height, double max, double step, F&& text,
               std::string_view title, const SequencePlotOptions& o, bool right = false, double grid_width = 0) {
  const double fs = o.font_size;
  s.Line(x, top, x, top + height, kAxis, 1);
  const int n = static_cast<int>(std::floor(max / step + 1e-9));
  for (int i = 0; i <= n; ++i) {
    const double v = i * step, y = top + height * (1 - v / max);
    if (grid_width > 0 && i > 0) s.Line(x, y, x + grid_width, y, kGrid, 1);
    s.Line(right ? x : x - 4, y, right ? x + 4 : x, y, kAxis, 1);
    s.Text(right ? x + 7 : x - 7, y + fs * 0.35, text(v), right ? "start" : "end", fs,
           fmt::format("fill=\"{}\"", kAxis));
  }
  const double tx = right ? s.width() - 14 : 16, ty = top + height / 2;
  s.Text(
      tx, ty, title, "middle", fs,
      fmt::format("fill=\"{}\" transform=\"rotate({} {} {})\"", kAxis, right ? 90 : -90, SvgNumber(tx), SvgNumber(ty)));
}

std::vector<LegendItem> StateLegend(const std::vector<std::string>& states, const SequencePlotOptions& o) {
  std::vector<LegendItem> legend;
  for (size_t k = 0; k < states.size(); ++k) {
    legend.push_back({StateLabel(states, k, o), SequenceStateColor(states, k, o), states[k], false});
  }
  return legend;
}

// The entropy polyline (broken where the entropy is NaN) with a marker per period carrying its
// value; `halo` draws a white outline under it so it reads on top of coloured bars.
void EntropyLine(SvgWriter& s, const StateDistribution& d, double left, double cell, double top, double height,
                 double max, std::string_view color, bool halo) {
  std::vector<std::vector<std::pair<double, double>>> runs(1);
  const auto y_of = [&](double e) { return top + height * (1 - std::clamp(e / max, 0.0, 1.0)); };
  for (size_t t = 0; t < d.periods.size(); ++t) {
    if (t >= d.entropy.size() || !std::isfinite(d.entropy[t])) {
      if (!runs.back().empty()) runs.emplace_back();
      continue;
    }
    runs.back().emplace_back(left + (static_cast<double>(t) + 0.5) * cell, y_of(d.entropy[t]));
  }
  s.BeginGroup(d.normalized ? "transversal entropy (normalised)" : "transversal entropy", "class=\"entropy\"");
  for (const auto& run : runs) {
    if (run.size() == 1) {
      s.Raw(fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"2\" fill=\"{}\"/>\n", SvgNumber(run[0].first),
                        SvgNumber(run[0].second), color));
    }
    if (run.size() < 2) continue;
    if (halo) s.Polyline(run, "#ffffff", 4.5, "stroke-linejoin=\"round\" stroke-opacity=\"0.85\"");
    s.Polyline(run, color, 2, "stroke-linejoin=\"round\"");
  }
  s.EndGroup();
  // Hover targets: one small dot per period, its exact value in the tooltip.
  const double r = std::clamp(cell / 3, 1.5, 3.0);
  s.BeginGroup({}, "class=\"entropy-points\"");
  for (size_t t = 0; t < d.periods.size() && t < d.entropy.size(); ++t) {
    if (!std::isfinite(d.entropy[t])) continue;
    s.Raw(fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"><title>{}: entropy {:.3f} (valid {})</title></circle>\n",
        SvgNumber(left + (static_cast<double>(t) + 0.5) * cell), SvgNumber(y_of(d.entropy[t])), SvgNumber(r), color,
        XmlEscape(d.periods[t]), d.entropy[t], t < d.valid.size() ? Amount(d.valid[t]) : "?"));
  }
  s.EndGroup();
}

// "n = 712 sequences", or "sequences of total weight 711.87" when weighted.
std::string WeightText(double total) {
  if (std::abs(total - std::round(total)) < 1e-9) return fmt::format("n = {:.0f} sequences", total);
  return fmt::format("sequences of total weight {:.2f}", total);
}

bool HasData(const StateDistribution& d) {
  if (d.states.empty() || d.periods.empty() || d.shares.size() != d.states.size() * d.periods.size()) return false;
  for (double v : d.valid) {
    if (v > 0) return true;
  }
  return false;
}

// from.start / from.end: codes ranked states, then missing, then void.
int Rank(Code c, size_t alphabet) {
  if (c >= 0) return c;
  return static_cast<int>(alphabet) + (c == SequenceSet::kMissing ? 0 : 1);
}

std::vector<size_t> LexicographicOrder(const SequenceSet& s, bool from_end) {
  std::vector<size_t> order(s.size());
  std::iota(order.begin(), order.end(), size_t{0});
  const size_t a = s.alphabet().size(), len = s.length();
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) {
    const Code* ri = s.row(i);
    const Code* rj = s.row(j);
    for (size_t k = 0; k < len; ++k) {
      const size_t t = from_end ? len - 1 - k : k;
      const int x = Rank(ri[t], a), y = Rank(rj[t], a);
      if (x != y) return x < y;
    }
    return false;
  });
  return order;
}

// The fill of a code in the index and frequency plots (void draws nothing).
std::string CodeColor(const SequenceSet& s, Code c, const SequencePlotOptions& o) {
  std::vector<std::string> states = s.alphabet();
  if (c >= 0) return SequenceStateColor(states, static_cast<size_t>(c), o);
  states.emplace_back(SequenceSet::kMissingSymbol);
  return SequenceStateColor(states, states.size() - 1, o);
}

// The entropy axis: up to 1 when normalised, else up to the largest entropy; a nice tick step.
std::pair<double, double> EntropyScale(const StateDistribution& d) {
  double max = 1;
  if (!d.normalized) {
    for (double e : d.entropy) {
      if (std::isfinite(e)) max = std::max(max, e);
    }
  }
  const double step = NiceStep(max, 4);
  return {std::ceil(max / step - 1e-9) * step, step};
}

}  // namespace

std::string SequenceStateColor(const std::vector<std::string>& states, size_t k, const SequencePlotOptions& options) {
  if (k < options.colors.size() && !options.colors[k].empty()) return options.colors[k];
  if (k < states.size() && states[k] == SequenceSet::kMissingSymbol) return std::string(kMissingColor);
  return std::string(kStatePalette[k % kStatePalette.size()]);
}

std::string StateDistributionSvg(const StateDistribution& d, const SequencePlotOptions& o) {
  const std::string title = o.title.empty() ? "State distribution plot" : o.title;
  if (!HasData(d)) return EmptySvg(title, o);
  const double fs = o.font_size, left = 64, right = o.with_entropy ? 60 : 24;
  std::vector<LegendItem> legend = StateLegend(d.states, o);
  if (o.with_entropy) legend.push_back({"entropy (right axis)", std::string(kLineColor), "", true});
  Header header(o, title, WeightText(d.total_weight), legend, left);
  const double top = header.top() + 6, height = o.plot_height, plot_w = o.width - left - right;
  const size_t periods = d.periods.size();
  const double cell = plot_w / static_cast<double>(periods);
  SvgWriter s(o.width, top + height + 24 + 2 * fs, title);
  header.Draw(s);
  // Bars: boundaries rounded once, so each stack spans exactly top..top+height and neighbours
  // share their edges.
  s.BeginGroup({}, "class=\"bars\" shape-rendering=\"crispEdges\"");
  for (size_t t = 0; t < periods; ++t) {
    if (!(t < d.valid.size() && d.valid[t] > 0)) continue;
    const double x0 = Round2(left + static_cast<double>(t) * cell),
                 x1 = Round2(left + static_cast<double>(t + 1) * cell);
    double cum = 0, y_below = Round2(top + height);
    s.BeginGroup({}, fmt::format("class=\"period-bar\" data-period=\"{}\"", XmlEscape(d.periods[t])));
    for (size_t k = 0; k < d.states.size(); ++k) {
      const double share = d.share(k, t);
      cum += share;
      // The last state closes the stack exactly at the top, whatever the rounding of the sum.
      const double y =
          k + 1 == d.states.size() && cum > 0.999999 ? Round2(top) : Round2(top + height * (1 - std::min(cum, 1.0)));
      if (share > 0 && y_below - y > 0) {
        s.Raw(fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" data-state=\"{}\"><title>{} — {}: {} "
            "({} of {})</title></rect>\n",
            SvgNumber(x0), SvgNumber(y), SvgNumber(x1 - x0), SvgNumber(y_below - y), SequenceStateColor(d.states, k, o),
            XmlEscape(d.states[k]), XmlEscape(d.periods[t]), XmlEscape(StateLabel(d.states, k, o)), Percent(share),
            Amount(share * d.valid[t]), Amount(d.valid[t])));
      }
      y_below = y;
    }
    s.EndGroup();
  }
  s.EndGroup();
  ValueAxis(
      s, left, top, height, 1.0, 0.25, [](double v) { return fmt::format("{:.0f} %", v * 100); },
      "share of the valid states", o);
  PeriodAxis(s, d.periods, left, cell, top + height, o);
  if (o.with_entropy) {
    const std::pair<double, double> scale = EntropyScale(d);
    const double max = scale.first, step = scale.second;
    EntropyLine(s, d, left, cell, top, height, max, kLineColor, true);
    ValueAxis(
        s, left + plot_w, top, height, max, step, [step](double v) { return TickText(v, step); },
        d.normalized ? "entropy (normalised)" : "entropy", o, true);
  }
  return s.Finish(o.standalone);
}

std::string EntropySvg(const StateDistribution& d, const SequencePlotOptions& o) {
  const std::string title = o.title.empty() ? "Transversal entropy" : o.title;
  if (!HasData(d)) return EmptySvg(title, o);
  const double fs = o.font_size, left = 64, right = 24;
  const std::string what =
      d.normalized
          ? fmt::format("Shannon entropy of each period's state distribution, divided by log({})", d.states.size())
          : std::string("Shannon entropy of each period's state distribution (natural log)");
  Header header(o, title, fmt::format("{}; {}", what, WeightText(d.total_weight)),
                {{d.normalized ? "entropy (normalised)" : "entropy", std::string(PaletteColor(0)), "", true}}, left);
  const double top = header.top() + 6, height = o.plot_height, plot_w = o.width - left - right;
  const double cell = plot_w / static_cast<double>(d.periods.size());
  const std::pair<double, double> scale = EntropyScale(d);
  const double max = scale.first, step = scale.second;
  SvgWriter s(o.width, top + height + 24 + 2 * fs, title);
  header.Draw(s);
  ValueAxis(
      s, left, top, height, max, step, [step](double v) { return TickText(v, step); },
      d.normalized ? "entropy (normalised)" : "entropy", o, false, plot_w);
  PeriodAxis(s, d.periods, left, cell, top + height, o);
  EntropyLine(s, d, left, cell, top, height, max, PaletteColor(0), false);
  return s.Finish(o.standalone);
}

std::vector<size_t> SequenceOrderFromStart(const SequenceSet& sequences) {
  return LexicographicOrder(sequences, false);
}

std::vector<size_t> SequenceOrderFromEnd(const SequenceSet& sequences) { return LexicographicOrder(sequences, true); }

std::string SequenceIndexSvg(const SequenceSet& seqs, const std::vector<size_t>& order,
                             const std::vector<std::string>& groups, const SequencePlotOptions& o) {
  const std::string title = o.title.empty() ? "Sequence index plot" : o.title;
  // The rows to draw, in order, split into panels by group (first appearance along the order).
  std::vector<size_t> rows;
  if (order.empty()) {
    rows.resize(seqs.size());
    std::iota(rows.begin(), rows.end(), size_t{0});
  } else {
    for (size_t i : order) {
      if (i < seqs.size()) rows.push_back(i);
    }
  }
  if (rows.empty() || seqs.length() == 0) return EmptySvg(title, o);
  const bool grouped = groups.size() == seqs.size();
  struct Panel {
    std::string name;
    std::vector<size_t> rows;
    size_t n = 0;
    double weight = 0;
  };
  std::vector<Panel> panels;
  for (size_t i : rows) {
    const std::string name = grouped ? groups[i] : std::string();
    auto it = std::find_if(panels.begin(), panels.end(), [&](const Panel& p) { return p.name == name; });
    if (it == panels.end()) {
      panels.push_back({name, {}, 0, 0});
      it = panels.end() - 1;
    }
    it->rows.push_back(i);
  }
  bool any_missing = false;
  for (Panel& p : panels) {
    p.n = p.rows.size();
    for (size_t i : p.rows) p.weight += seqs.weights()[i];
    // Even sampling along the order: the j-th of m shown rows is the one at ⌊(j + ½)·n/m⌋.
    const size_t m = std::max<size_t>(o.max_sequences, 1);
    if (p.n > m) {
      std::vector<size_t> sampled(m);
      for (size_t j = 0; j < m; ++j) sampled[j] = p.rows[(2 * j + 1) * p.n / (2 * m)];
      p.rows = std::move(sampled);
    }
    for (size_t i : p.rows) {
      const Code* r = seqs.row(i);
      any_missing = any_missing || std::find(r, r + seqs.length(), SequenceSet::kMissing) != r + seqs.length();
    }
  }

  const double fs = o.font_size, left = 64, right = 24, plot_w = o.width - left - right;
  const double cell = plot_w / static_cast<double>(seqs.length());
  std::vector<std::string> states = seqs.alphabet();
  if (any_missing) states.emplace_back(SequenceSet::kMissingSymbol);
  double total_weight = 0;
  for (const Panel& p : panels) total_weight += p.weight;
  const std::string subtitle =
      o.weighted ? fmt::format("n = {} sequences, weight {}; row heights proportional to the weights", rows.size(),
                               Amount(total_weight))
                 : fmt::format("n = {} sequences{}", rows.size(), order.empty() ? "" : ", in the given order");
  Header header(o, title, subtitle, StateLegend(states, o), left);
  const double panel_title_h = grouped ? fs + 12 : 0, axis_h = 24 + 2 * fs, panel_gap = 14;
  std::vector<double> heights;
  double total = header.top() + 6;
  for (const Panel& p : panels) {
    heights.push_back(std::min(o.plot_height, static_cast<double>(p.rows.size()) * kMaxRowHeight));
    total += panel_title_h + heights.back() + axis_h + panel_gap;
  }
  SvgWriter s(o.width, total, title);
  header.Draw(s);

  double y0 = header.top() + 6;
  for (size_t pi = 0; pi < panels.size(); ++pi) {
    const Panel& p = panels[pi];
    const double height = heights[pi];
    if (grouped) {
      std::string head = fmt::format("{} (n = {}{})", p.name, p.n, o.weighted ? ", weight " + Amount(p.weight) : "");
      if (p.rows.size() < p.n) head += fmt::format(" — {} shown, sampled evenly along the order", p.rows.size());
      s.Text(left, y0 + fs + 2, head, "start", fs + 1,
             fmt::format("class=\"panel-title\" font-weight=\"bold\" fill=\"{}\"", kAxis));
      y0 += panel_title_h;
    } else if (p.rows.size() < p.n) {
      s.Text(left + plot_w, y0 - 4, fmt::format("{} of {} shown, sampled evenly along the order", p.rows.size(), p.n),
             "end", fs, fmt::format("fill=\"{}\"", kMuted));
    }
    // Row boundaries: equal rows, or proportional to the weights (weight 0 rows vanish).
    double shown_weight = 0;
    for (size_t i : p.rows) shown_weight += seqs.weights()[i];
    const bool by_weight = o.weighted && shown_weight > 0;
    std::vector<double> edge(p.rows.size() + 1, y0);
    double cum = 0;
    for (size_t j = 0; j < p.rows.size(); ++j) {
      cum += by_weight ? seqs.weights()[p.rows[j]] : 1.0;
      edge[j + 1] = Round2(y0 + height * cum / (by_weight ? shown_weight : static_cast<double>(p.rows.size())));
    }
    edge.back() = Round2(y0 + height);
    s.BeginGroup({}, "class=\"strips\" shape-rendering=\"crispEdges\"");
    for (size_t j = 0; j < p.rows.size(); ++j) {
      const size_t i = p.rows[j];
      const double ya = edge[j], h = edge[j + 1] - edge[j];
      if (h <= 0) continue;
      const Code* r = seqs.row(i);
      std::string tip;
      std::string rects;
      for (size_t t = 0; t < seqs.length();) {
        size_t u = t + 1;
        while (u < seqs.length() && r[u] == r[t]) ++u;
        if (r[t] != SequenceSet::kVoid) {
          const double x0 = Round2(left + static_cast<double>(t) * cell),
                       x1 = Round2(left + static_cast<double>(u) * cell);
          rects += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", SvgNumber(x0),
                               SvgNumber(ya), SvgNumber(x1 - x0), SvgNumber(h), CodeColor(seqs, r[t], o));
          tip += fmt::format("{}({},{})", tip.empty() ? "" : "-", seqs.Name(r[t]), u - t);
        }
        t = u;
      }
      s.Raw(fmt::format("<g class=\"seq\"><title>{} (weight {}): {}</title>{}</g>\n", XmlEscape(seqs.ids()[i]),
                        Amount(seqs.weights()[i]), XmlEscape(tip), rects));
    }
    s.EndGroup();
    // The vertical axis counts sequences (or weight) from the top.
    const double max = by_weight ? shown_weight : static_cast<double>(p.n);
    const double step = NiceStep(max, height >= 200 ? 5 : 2);
    s.Line(left, y0, left, y0 + height, kAxis, 1);
    for (double v = 0; v <= max * (1 + 1e-9); v += step) {
      const double y = y0 + height * v / max;
      s.Line(left - 4, y, left, y, kAxis, 1);
      s.Text(left - 7, y + fs * 0.35, TickText(v, step), "end", fs, fmt::format("fill=\"{}\"", kAxis));
    }
    const double ty = y0 + height / 2;
    s.Text(16, ty, by_weight ? "cumulative weight" : "sequences", "middle", fs,
           fmt::format("fill=\"{}\" transform=\"rotate(-90 16 {})\"", kAxis, SvgNumber(ty)));
    PeriodAxis(s, seqs.columns(), left, cell, y0 + height, o);
    y0 += height + axis_h + panel_gap;
  }
  return s.Finish(o.standalone);
}

std::string SequenceFrequencySvg(const SequenceSet& seqs, const std::vector<SequenceFrequency>& freq,
                                 const SequencePlotOptions& o) {
  const size_t top_n = std::min(o.top, freq.size());
  double cum = 0, total_weight = 0, total_count = 0;
  bool weighted = false;
  for (size_t k = 0; k < freq.size(); ++k) {
    if (k < top_n) cum += freq[k].percent;
    total_weight += freq[k].weight;
    total_count += freq[k].count;
    weighted = weighted || std::abs(freq[k].weight - freq[k].count) > 1e-9;
  }
  const std::string coverage =
      fmt::format("{} most frequent sequences: {:.1f} % of the {}", top_n, cum, weighted ? "weight" : "sequences");
  const std::string title = o.title.empty() ? coverage : o.title;
  if (top_n == 0 || seqs.length() == 0 || !(cum > 0))
    return EmptySvg(o.title.empty() ? "Sequence frequencies" : title, o);
  std::string subtitle = fmt::format("{} sequences{}, {} distinct", Amount(total_count),
                                     weighted ? fmt::format(" (weight {})", Amount(total_weight)) : "", freq.size());
  if (!o.title.empty()) subtitle = coverage + "; " + subtitle;
  bool any_missing = false;
  for (size_t k = 0; k < top_n; ++k) {
    for (const StateSpell& sp : freq[k].spells) any_missing = any_missing || sp.state == SequenceSet::kMissing;
  }
  std::vector<std::string> states = seqs.alphabet();
  if (any_missing) states.emplace_back(SequenceSet::kMissingSymbol);
  const double fs = o.font_size, left = 64, right = 64, plot_w = o.width - left - right;
  Header header(o, title, subtitle, StateLegend(states, o), left);
  const double top = header.top() + 6, height = o.plot_height;
  const double cell = plot_w / static_cast<double>(seqs.length());
  SvgWriter s(o.width, top + height + 24 + 2 * fs, title);
  header.Draw(s);
  // Bars from the top, heights proportional to the percentages, boundaries rounded once.
  std::vector<double> edge(top_n + 1, Round2(top));
  double acc = 0;
  for (size_t k = 0; k < top_n; ++k) {
    acc += freq[k].percent;
    edge[k + 1] = Round2(top + height * acc / cum);
  }
  edge.back() = Round2(top + height);
  double last_label_y = -1e9;
  for (size_t k = 0; k < top_n; ++k) {
    const SequenceFrequency& f = freq[k];
    const double ya = edge[k], h = edge[k + 1] - edge[k];
    s.BeginGroup(
        fmt::format("#{}: {} — {} sequences{}, {:.2f} %", k + 1, SpellsSps(seqs, f.spells), f.count,
                    weighted ? fmt::format(" (weight {})", Amount(f.weight)) : "", f.percent),
        fmt::format("class=\"freq-bar\" data-rank=\"{}\" data-percent=\"{:.4f}\" shape-rendering=\"crispEdges\"", k + 1,
                    f.percent));
    size_t t = 0;
    for (const StateSpell& sp : f.spells) {
      const size_t u = t + static_cast<size_t>(std::max(sp.duration, 0));
      const double x0 = Round2(left + static_cast<double>(t) * cell), x1 = Round2(left + static_cast<double>(u) * cell);
      s.Rect(x0, ya, x1 - x0, h, CodeColor(seqs, sp.state, o));
      t = u;
    }
    s.EndGroup();
    if (k > 0) s.Line(left, ya, left + plot_w, ya, "#ffffff", 1);
    // The percentage beside the bar, unless it would collide with the one above.
    const double ly = ya + h / 2 + fs * 0.35;
    if (ly - last_label_y >= fs) {
      s.Text(left + plot_w + 6, ly, fmt::format("{:.1f} %", f.percent), "start", fs,
             fmt::format("class=\"freq-percent\" fill=\"{}\"", kAxis));
      last_label_y = ly;
    }
  }
  // Cumulative percentage down the left.
  const double step = NiceStep(cum, 5);
  s.Line(left, top, left, top + height, kAxis, 1);
  for (double v = 0; v <= cum * (1 + 1e-9); v += step) {
    const double y = top + height * v / cum;
    s.Line(left - 4, y, left, y, kAxis, 1);
    s.Text(left - 7, y + fs * 0.35, TickText(v, step) + " %", "end", fs, fmt::format("fill=\"{}\"", kAxis));
  }
  const double ty = top + height / 2;
  s.Text(16, ty, weighted ? "cumulative % of the weight" : "cumulative % of the sequences", "middle", fs,
         fmt::format("fill=\"{}\" transform=\"rotate(-90 16 {})\"", kAxis, SvgNumber(ty)));
  PeriodAxis(s, seqs.columns(), left, cell, top + height, o);
  return s.Finish(o.standalone);
}

std::string MeanTimeSvg(const MeanTimes& m, const SequencePlotOptions& o) {
  const std::string title = o.title.empty() ? "Mean time spent in each state" : o.title;
  const size_t k_count = m.states.size();
  if (k_count == 0 || m.mean.size() != k_count || !(m.total_weight > 0)) return EmptySvg(title, o);
  const bool with_se =
      m.se.size() == k_count && std::any_of(m.se.begin(), m.se.end(), [](double v) { return std::isfinite(v); });
  const double fs = o.font_size;
  double label_w = 0, max = 0;
  for (size_t k = 0; k < k_count; ++k) {
    label_w = std::max(label_w, TextWidth(StateLabel(m.states, k, o), fs));
    const double se = with_se && std::isfinite(m.se[k]) ? m.se[k] : 0;
    if (std::isfinite(m.mean[k])) max = std::max(max, m.mean[k] + se);
  }
  const double left = std::min(24 + label_w, o.width * 0.35), right = 96, plot_w = o.width - left - right;
  const double step = NiceStep(max > 0 ? max : 1, 5);
  max = std::max(step, std::ceil(max / step - 1e-9) * step);
  Header header(o, title,
                fmt::format("weighted mean over {} sequences{}", Amount(m.total_weight),
                            with_se ? "; whiskers ±1 standard error" : ""),
                StateLegend(m.states, o), left);
  const double band = std::clamp(o.plot_height / static_cast<double>(k_count), 20.0, 40.0);
  const double top = header.top() + 6, height = band * static_cast<double>(k_count);
  SvgWriter s(o.width, top + height + 24 + 2 * fs, title);
  header.Draw(s);
  const auto x_of = [&](double v) { return left + plot_w * std::clamp(v / max, 0.0, 1.0); };
  for (double v = 0; v <= max * (1 + 1e-9); v += step) {
    const double x = x_of(v);
    s.Line(x, top, x, top + height, v == 0 ? kAxis : kGrid, 1);
    s.Line(x, top + height, x, top + height + 4, kAxis, 1);
    s.Text(x, top + height + 5 + fs, TickText(v, step), "middle", fs, fmt::format("fill=\"{}\"", kAxis));
  }
  s.Line(left, top + height, left + plot_w, top + height, kAxis, 1);
  s.Text(left + plot_w / 2, top + height + 12 + 2 * fs, fmt::format("mean time ({})", o.time_unit), "middle", fs,
         fmt::format("fill=\"{}\"", kAxis));
  for (size_t k = 0; k < k_count; ++k) {
    const double yc = top + band * (static_cast<double>(k) + 0.5), bar_h = band * 0.62;
    const double mean = std::isfinite(m.mean[k]) ? m.mean[k] : 0;
    const double se = with_se && std::isfinite(m.se[k]) ? m.se[k] : 0;
    const std::string label = StateLabel(m.states, k, o);
    std::string tip = fmt::format("{}: mean {:.3f}", label, mean);
    if (with_se && std::isfinite(m.se[k])) tip += fmt::format(", SE {:.3f}", m.se[k]);
    if (k < m.stdev.size() && std::isfinite(m.stdev[k])) tip += fmt::format(", SD {:.3f}", m.stdev[k]);
    s.Text(left - 8, yc + fs * 0.35, label, "end", fs, fmt::format("fill=\"{}\"", kAxis));
    s.BeginGroup(
        tip, fmt::format("class=\"mean-bar\" data-state=\"{}\" data-mean=\"{:.4f}\"", XmlEscape(m.states[k]), mean));
    s.Rect(left, yc - bar_h / 2, x_of(mean) - left, bar_h, SequenceStateColor(m.states, k, o));
    if (se > 0) {
      const double xa = x_of(mean - se), xb = x_of(mean + se), cap = bar_h * 0.3;
      s.Line(xa, yc, xb, yc, kLineColor, 1.3, "class=\"se\"");
      s.Line(xa, yc - cap, xa, yc + cap, kLineColor, 1.3);
      s.Line(xb, yc - cap, xb, yc + cap, kLineColor, 1.3);
    }
    s.EndGroup();
    s.Text(x_of(mean + se) + 6, yc + fs * 0.35,
           se > 0 ? fmt::format("{:.1f} ± {:.1f}", mean, se) : fmt::format("{:.1f}", mean), "start", fs,
           fmt::format("fill=\"{}\"", kAxis));
  }
  return s.Finish(o.standalone);
}

}  // namespace careergraph
