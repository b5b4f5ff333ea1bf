// The sequence plots (render/sequence_plots.h) on mvad and on small hand-made sets: each is
// well-formed XML with one legend entry per state; the chronogram's stacks fill the plot; the
// index plot draws one rect per spell; the frequency plot's percentages are seqtab's; period
// labels are thinned; names are escaped; empty inputs give a picture that says so.
// Set CAREERGRAPH_SEQPLOTS_DIR to a directory to also write the mvad pictures there for a look.
#include "careergraph/render/sequence_plots.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "careergraph/analysis/sequence_describe.h"
#include "test_util.h"

namespace careergraph {
namespace {

using testing::MvadSequences;

// A small XML well-formedness check: balanced tags, quoted attributes, no stray '<' or '&' in
// text, one root element. Enough for what SvgWriter writes (no CDATA, no DOCTYPE).
::testing::AssertionResult WellFormed(const std::string& xml) {
  std::vector<std::string> open;
  size_t i = 0, roots = 0;
  const auto fail = [&](const std::string& why) {
    return ::testing::AssertionFailure() << why << " at offset " << i << ": " << xml.substr(i > 40 ? i - 40 : 0, 120);
  };
  while (i < xml.size()) {
    const char c = xml[i];
    if (c == '&') {
      const size_t semi = xml.find(';', i);
      if (semi == std::string::npos || semi - i > 8) return fail("bare &");
      const std::string entity = xml.substr(i, semi - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" && entity != "&#39;") {
        return fail("unknown entity " + entity);
      }
      i = semi + 1;
      continue;
    }
    if (c == '>') return fail("stray >");
    if (c != '<') {
      if (open.empty() && c != '\n' && c != ' ') return fail("text outside the root");
      ++i;
      continue;
    }
    if (xml.compare(i, 5, "<?xml") == 0) {
      if (i != 0) return fail("late XML declaration");
      i = xml.find("?>", i);
      if (i == std::string::npos) return fail("unclosed declaration");
      i += 2;
      continue;
    }
    const bool closing = xml[i + 1] == '/';
    size_t j = i + (closing ? 2 : 1);
    const size_t name_start = j;
    while (j < xml.size() && (std::isalnum(static_cast<unsigned char>(xml[j])) || xml[j] == '-' || xml[j] == ':')) ++j;
    const std::string name = xml.substr(name_start, j - name_start);
    if (name.empty()) return fail("tag without a name");
    // Attributes: name="value" with no '<' inside values.
    while (j < xml.size() && xml[j] != '>' && !(xml[j] == '/' && xml[j + 1] == '>')) {
      if (xml[j] == '"') {
        const size_t end = xml.find('"', j + 1);
        if (end == std::string::npos) return fail("unclosed attribute");
        if (xml.substr(j, end - j).find('<') != std::string::npos) return fail("< in an attribute");
        j = end + 1;
      } else if (xml[j] == '<') {
        return fail("< inside a tag");
      } else {
        ++j;
      }
    }
    if (j >= xml.size()) return fail("unclosed tag");
    const bool self_closing = xml[j] == '/';
    i = j + (self_closing ? 2 : 1);
    if (closing) {
      if (open.empty() || open.back() != name)
        return fail("</" + name + "> closes " + (open.empty() ? "nothing" : open.back()));
      open.pop_back();
    } else if (!self_closing) {
      if (open.empty()) ++roots;
      open.push_back(name);
    } else if (open.empty()) {
      ++roots;
    }
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "unclosed <" << open.back() << ">";
  if (roots != 1) return ::testing::AssertionFailure() << roots << " root elements";
  return ::testing::AssertionSuccess();
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The value of attribute `name` in the tag that starts at `at`.
double Attr(const std::string& svg, size_t at, const std::string& name) {
  const size_t end = svg.find('>', at);
  const size_t p = svg.find(" " + name + "=\"", at);
  if (p == std::string::npos || p > end) return NAN;
  return std::stod(svg.substr(p + name.size() + 3));
}

// The text of every <text> element carrying `cls`, with its x.
std::vector<std::pair<double, std::string>> Texts(const std::string& svg, const std::string& cls) {
  std::vector<std::pair<double, std::string>> out;
  const std::string key = "class=\"" + cls + "\"";
  for (size_t at = svg.find("<text "); at != std::string::npos; at = svg.find("<text ", at + 1)) {
    const size_t gt = svg.find('>', at);
    if (svg.substr(at, gt - at).find(key) == std::string::npos) continue;
    out.emplace_back(Attr(svg, at, "x"), svg.substr(gt + 1, svg.find("</text>", gt) - gt - 1));
  }
  return out;
}

void WriteForALook(const std::string& name, const std::string& svg) {
  const char* dir = std::getenv("CAREERGRAPH_SEQPLOTS_DIR");
  if (dir == nullptr || *dir == '\0') return;
  std::ofstream(std::string(dir) + "/" + name) << svg;
}

SequencePlotOptions MvadOptions() {
  SequencePlotOptions o;
  o.labels = {"employment", "further education", "higher education", "joblessness", "school", "training"};
  o.time_unit = "months";
  return o;
}

TEST(SequencePlotsTest, ChronogramStacksFillThePlotAndThinThePeriodLabels) {
  const StateDistribution d = SeqStateDistribution(MvadSequences());
  SequencePlotOptions o = MvadOptions();
  o.title = "mvad: state distribution";
  const std::string svg = StateDistributionSvg(d, o);
  WriteForALook("chrono.svg", svg);
  ASSERT_TRUE(WellFormed(svg));
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("viewBox=\"0 0 "), std::string::npos);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_EQ(Count(svg, "class=\"legend\" data-state="), 6u);
  EXPECT_NE(svg.find(">further education</text>"), std::string::npos);  // the long labels
  EXPECT_EQ(Count(svg, "class=\"period-bar\""), 70u);
  // Every stack spans the plot exactly: sum the heights of each period's rects.
  std::map<std::string, double> height_of;
  for (size_t at = svg.find("class=\"period-bar\""); at != std::string::npos;
       at = svg.find("class=\"period-bar\"", at + 1)) {
    const size_t end = svg.find("</g>", at);
    const size_t q = svg.find("data-period=\"", at) + 13;
    const std::string period = svg.substr(q, svg.find('"', q) - q);
    for (size_t r = svg.find("<rect ", at); r < end; r = svg.find("<rect ", r + 1)) {
      height_of[period] += Attr(svg, r, "height");
    }
  }
  ASSERT_EQ(height_of.size(), 70u);
  for (const auto& [period, h] : height_of) EXPECT_NEAR(h, o.plot_height, 1e-6) << period;
  // The tooltip of a rect gives its exact share: Sep.93's school, 47.2 % (Gabadinho et al.).
  EXPECT_NE(svg.find("<title>Sep.93 — school: 47.2 % ("), std::string::npos);
  // 70 monthly labels thinned to every 6th, starting at the first, and none overlapping.
  const auto ticks = Texts(svg, "period");
  ASSERT_EQ(ticks.size(), 12u);
  EXPECT_EQ(ticks[0].second, "Sep.93");
  EXPECT_EQ(ticks[1].second, "Mar.94");
  for (size_t k = 1; k < ticks.size(); ++k) {
    EXPECT_GT(ticks[k].first - ticks[k - 1].first, 6 * 0.58 * o.font_size) << ticks[k].second;
  }

  o.with_entropy = true;
  const std::string with_entropy = StateDistributionSvg(d, o);
  WriteForALook("chrono_entropy.svg", with_entropy);
  ASSERT_TRUE(WellFormed(with_entropy));
  EXPECT_EQ(Count(with_entropy, "class=\"legend\""), 7u);  // the states and the line
  EXPECT_NE(with_entropy.find("class=\"entropy\""), std::string::npos);
  EXPECT_EQ(Count(with_entropy, ": entropy "), 70u);
}

TEST(SequencePlotsTest, EntropyLineHasOnePointPerPeriodAndBreaksAtEmptyPeriods) {
  const StateDistribution d = SeqStateDistribution(MvadSequences());
  const std::string svg = EntropySvg(d, MvadOptions());
  WriteForALook("entropy.svg", svg);
  ASSERT_TRUE(WellFormed(svg));
  EXPECT_EQ(Count(svg, ": entropy "), 70u);
  EXPECT_EQ(Count(svg, "<polyline"), 1u);
  EXPECT_NE(svg.find(fmt::format("<title>Sep.93: entropy {:.3f} (valid", d.entropy[0])), std::string::npos);

  // A period where every sequence is void has no entropy: the line breaks there.
  Result<SequenceSet> s = SequenceSet::FromStates({"a", "b"}, {{"a", "%", "b", "a"}, {"b", "%", "b", "b"}});
  ASSERT_TRUE(s);
  const std::string gap = EntropySvg(SeqStateDistribution(*s));
  ASSERT_TRUE(WellFormed(gap));
  EXPECT_EQ(Count(gap, ": entropy "), 3u);
  EXPECT_EQ(Count(gap, "<polyline"), 1u);  // positions 3–4; position 1 alone is a dot
  EXPECT_EQ(Count(gap, "<circle"), 1u + 3u);
}

TEST(SequencePlotsTest, IndexPlotDrawsOneRectPerSpellAndStaysSmall) {
  const SequenceSet& mvad = MvadSequences();
  const std::vector<size_t> order = SequenceOrderFromStart(mvad);
  const std::string svg = SequenceIndexSvg(mvad, order, {}, MvadOptions());
  WriteForALook("index.svg", svg);
  ASSERT_TRUE(WellFormed(svg));
  EXPECT_EQ(Count(svg, "<g class=\"seq\">"), 712u);
  size_t spells = 0;
  for (size_t i = 0; i < mvad.size(); ++i) spells += SeqSpells(mvad, i).size();
  const size_t strips_start = svg.find("class=\"strips\"");
  const size_t strips_end = svg.find("\n</g>", strips_start);
  EXPECT_EQ(Count(svg.substr(strips_start, strips_end - strips_start), "<rect "), spells);
  EXPECT_EQ(Count(svg, "class=\"legend\" data-state="), 6u);
  EXPECT_LT(svg.size(), 400000u);
  // The order is followed from the top: the first strip is the first sequence of the order.
  EXPECT_NE(svg.find("<g class=\"seq\"><title>" + mvad.ids()[order[0]] + " (weight"), std::string::npos);
  EXPECT_LT(svg.find("<title>" + mvad.ids()[order[0]] + " ("), svg.find("<title>" + mvad.ids()[order[1]] + " ("));
  EXPECT_EQ(Texts(svg, "period").size(), 12u);
}

TEST(SequencePlotsTest, IndexPlotPanelsByGroupSamplesLargePanelsAndWeighsRows) {
  const SequenceSet& mvad = MvadSequences();
  std::vector<std::string> groups(mvad.size());
  for (size_t i = 0; i < mvad.size(); ++i) groups[i] = mvad.at(i, 0) == 4 ? "school first" : "other start";
  SequencePlotOptions o = MvadOptions();
  o.plot_height = 200;
  o.max_sequences = 100;
  std::vector<size_t> order = SequenceOrderFromStart(mvad);
  const std::string svg = SequenceIndexSvg(mvad, order, groups, o);
  WriteForALook("index_groups.svg", svg);
  ASSERT_TRUE(WellFormed(svg));
  size_t school = 0;
  for (const std::string& g : groups) school += g == "school first";
  // Panels in order of first appearance along the order: EM < SC, so "other start" first.
  const auto titles = Texts(svg, "panel-title");
  ASSERT_EQ(titles.size(), 2u);
  EXPECT_EQ(titles[0].second,
            fmt::format("other start (n = {}) — 100 shown, sampled evenly along the order", mvad.size() - school));
  EXPECT_EQ(titles[1].second.rfind(fmt::format("school first (n = {})", school), 0), 0u);
  EXPECT_EQ(Count(svg, "<g class=\"seq\">"), 200u);
  EXPECT_EQ(Texts(svg, "period").size(), 24u);  // each panel has its time axis

  // Weighted rows: a sequence of weight 3 is three times as high as one of weight 1.
  Result<SequenceSet> s = SequenceSet::FromStates({"a", "b"}, {{"a", "b"}, {"b", "b"}}, {}, {3, 1});
  ASSERT_TRUE(s);
  SequencePlotOptions w;
  w.weighted = true;
  w.plot_height = 20;  // two rows of at most 14 px: the whole 20
  const std::string weighted = SequenceIndexSvg(*s, {}, {}, w);
  ASSERT_TRUE(WellFormed(weighted));
  const size_t first = weighted.find("<g class=\"seq\">");
  const size_t second = weighted.find("<g class=\"seq\">", first + 1);
  EXPECT_DOUBLE_EQ(Attr(weighted, weighted.find("<rect ", first), "height"), 15);
  EXPECT_DOUBLE_EQ(Attr(weighted, weighted.find("<rect ", second), "height"), 5);
  EXPECT_NE(weighted.find(">cumulative weight</text>"), std::string::npos);
}

TEST(SequencePlotsTest, OrderFromStartAndFromEnd) {
  // Codes: a = 0, b = 1, then missing, then void.
  Result<SequenceSet> s = SequenceSet::FromStates(
      {"a", "b"},
      {{"b", "a", "a"}, {"a", "b", "b"}, {"*", "a", "a"}, {"a", "b", "a"}, {"a", "%", "%"}, {"a", "b", "a"}});
  ASSERT_TRUE(s);
  EXPECT_EQ(SequenceOrderFromStart(*s), (std::vector<size_t>{3, 5, 1, 4, 0, 2}));
  EXPECT_EQ(SequenceOrderFromEnd(*s), (std::vector<size_t>{0, 2, 3, 5, 1, 4}));
}

TEST(SequencePlotsTest, FrequencyPlotShowsSeqtabPercentagesAndCoverage) {
  const SequenceSet& mvad = MvadSequences();
  const std::vector<SequenceFrequency> f = SeqFrequencies(mvad);
  const std::string svg = SequenceFrequencySvg(mvad, f, MvadOptions());
  WriteForALook("freq.svg", svg);
  ASSERT_TRUE(WellFormed(svg));
  EXPECT_EQ(Count(svg, "class=\"freq-bar\""), 10u);
  double cum = 0;
  for (size_t k = 0; k < 10; ++k) {
    cum += f[k].percent;
    EXPECT_NE(svg.find(fmt::format("data-rank=\"{}\" data-percent=\"{:.4f}\"", k + 1, f[k].percent)),
              std::string::npos);
  }
  EXPECT_NE(svg.find(fmt::format("aria-label=\"10 most frequent sequences: {:.1f} % of the weight\"", cum)),
            std::string::npos);
  const auto labels = Texts(svg, "freq-percent");
  ASSERT_FALSE(labels.empty());
  EXPECT_EQ(labels[0].second, fmt::format("{:.1f} %", f[0].percent));
  // Heights proportional to the frequencies: the first bar's rects against the second's.
  const size_t b1 = svg.find("class=\"freq-bar\""), b2 = svg.find("class=\"freq-bar\"", b1 + 1);
  const double h1 = Attr(svg, svg.find("<rect ", b1), "height"), h2 = Attr(svg, svg.find("<rect ", b2), "height");
  EXPECT_NEAR(h1 / h2, f[0].percent / f[1].percent, 0.01);
  EXPECT_EQ(Count(svg, "class=\"legend\" data-state="), 6u);

  SequencePlotOptions three = MvadOptions();
  three.top = 3;
  three.title = "mvad";
  const std::string top3 = SequenceFrequencySvg(mvad, f, three);
  ASSERT_TRUE(WellFormed(top3));
  EXPECT_EQ(Count(top3, "class=\"freq-bar\""), 3u);
  EXPECT_NE(top3.find(fmt::format("3 most frequent sequences: {:.1f} % of the weight",
                                  f[0].percent + f[1].percent + f[2].percent)),
            std::string::npos);
}

TEST(SequencePlotsTest, MeanTimePlotHasABarAndWhiskerPerState) {
  const MeanTimes m = SeqMeanTimes(MvadSequences());
  const std::string svg = MeanTimeSvg(m, MvadOptions());
  WriteForALook("meantime.svg", svg);
  ASSERT_TRUE(WellFormed(svg));
  EXPECT_EQ(Count(svg, "class=\"mean-bar\""), 6u);
  EXPECT_EQ(Count(svg, "class=\"se\""), 6u);
  EXPECT_EQ(Count(svg, "class=\"legend\" data-state="), 6u);
  for (size_t k = 0; k < m.states.size(); ++k) {
    EXPECT_NE(svg.find(fmt::format("data-state=\"{}\" data-mean=\"{:.4f}\"", m.states[k], m.mean[k])),
              std::string::npos);
  }
  MeanTimes no_se = m;
  no_se.se.clear();
  EXPECT_EQ(Count(MeanTimeSvg(no_se), "class=\"se\""), 0u);
}

TEST(SequencePlotsTest, NamesAreEscapedAndColoursAndLabelsApply) {
  Result<SequenceSet> s = SequenceSet::FromStates(
      {"<a&b>", "c\"d"}, {{"<a&b>", "c\"d", "*"}, {"c\"d", "c\"d", "<a&b>"}}, {"<t1>", "t&2", "t3"});
  ASSERT_TRUE(s);
  SequencePlotOptions o;
  o.title = "x < y & z";
  o.colors = {"#111111", "#222222"};
  o.labels = {"", "<long & label>"};
  const SeqDescribeOptions with_missing{true, true};
  const StateDistribution d = SeqStateDistribution(*s, with_missing);
  const std::vector<std::string> all = {
      StateDistributionSvg(d, o), EntropySvg(d, o), SequenceIndexSvg(*s, {}, {"<g1>", "<g1>"}, o),
      SequenceFrequencySvg(*s, SeqFrequencies(*s, with_missing), o), MeanTimeSvg(SeqMeanTimes(*s, with_missing), o)};
  for (const std::string& svg : all) {
    ASSERT_TRUE(WellFormed(svg)) << svg;
    EXPECT_NE(svg.find("aria-label=\"x &lt; y &amp; z\""), std::string::npos);
  }
  for (size_t i : {0, 2, 3, 4}) {
    EXPECT_NE(all[i].find("data-state=\"&lt;a&amp;b&gt;\""), std::string::npos) << i;
    EXPECT_NE(all[i].find(">&lt;long &amp; label&gt;</text>"), std::string::npos) << i;
    EXPECT_NE(all[i].find("fill=\"#111111\""), std::string::npos) << i;
    EXPECT_NE(all[i].find("missing (*)"), std::string::npos) << i;  // the grey state
    EXPECT_NE(all[i].find("#bdbdbd"), std::string::npos) << i;
  }
  EXPECT_NE(all[0].find(">&lt;t1&gt;</text>"), std::string::npos);
  EXPECT_NE(all[2].find("&lt;g1&gt; (n = 2)"), std::string::npos);
}

TEST(SequencePlotsTest, EmptyInputsSayNoSequences) {
  SequencePlotOptions o;
  o.standalone = false;
  const std::vector<std::string> all = {StateDistributionSvg(StateDistribution{}, o),
                                        EntropySvg(StateDistribution{}, o), SequenceIndexSvg(SequenceSet{}, {}, {}, o),
                                        SequenceFrequencySvg(SequenceSet{}, {}, o), MeanTimeSvg(MeanTimes{}, o)};
  for (const std::string& svg : all) {
    ASSERT_TRUE(WellFormed(svg)) << svg;
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
    EXPECT_NE(svg.find(">no sequences</text>"), std::string::npos);
  }
  // Sequences that are all void are empty too.
  Result<SequenceSet> s = SequenceSet::FromStates({"a"}, {{"%", "%"}});
  ASSERT_TRUE(s);
  EXPECT_NE(StateDistributionSvg(SeqStateDistribution(*s)).find(">no sequences</text>"), std::string::npos);
  EXPECT_NE(SequenceFrequencySvg(*s, SeqFrequencies(*s)).find(">no sequences</text>"), std::string::npos);
  EXPECT_TRUE(WellFormed(SequenceIndexSvg(*s)));
}

}  // namespace
}  // namespace careergraph
