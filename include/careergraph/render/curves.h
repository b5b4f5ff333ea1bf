// Curves: the pictures of time in role (analysis/survival.h), drawn with the SVG writer
// (render/svg.h) — the Kaplan–Meier step curve with its 95 % band, and the cumulative-incidence
// curves of competing risks.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// Layout (deterministic): a title, a legend row (wrapped when long) above the plot so it never
// covers a curve, the plot with horizontal grid lines, the time axis with round ticks in the
// chosen unit (the same times as the at-risk table, RegularTimes), and under it a row with the
// number at risk at each tick. Step curves are simplified to the pixel grid (steps closer than
// half a pixel merge into one drop), so a curve of millions of spells stays a few kilobytes.
#ifndef CAREERGRAPH_RENDER_CURVES_H_
#define CAREERGRAPH_RENDER_CURVES_H_

#include <string>
#include <string_view>
#include <vector>

#include "careergraph/analysis/survival.h"

namespace careergraph {

struct CurveStyle {
  double width = 760;        // whole picture, pixels
  double plot_height = 320;  // the plotting area
  double font_size = 12;
};

// The Kaplan–Meier curve (still in the role), its 95 % band, the median marked (a dashed line
// at 50 % down to the axis, labelled with its interval; or "median not reached"), and the
// number at risk under the axis. A standalone .svg document, or one <svg> element to inline.
std::string SurvivalSvg(const KaplanMeier& km, TimeUnit unit, std::string_view title, bool standalone = true,
                        const CurveStyle& style = {});

// The cumulative incidence of each cause (causes[k] names cr.causes[k]), one colour each, with
// a legend giving each cause's final incidence; the vertical scale fits the largest curve.
std::string IncidenceSvg(const CompetingRisks& cr, const std::vector<std::string>& causes, TimeUnit unit,
                         std::string_view title, bool standalone = true, const CurveStyle& style = {});

}  // namespace careergraph

#endif  // CAREERGRAPH_RENDER_CURVES_H_
