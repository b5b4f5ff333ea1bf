// The mobility model file reader (TOML, see docs/data-formats.md). Like the framework loader,
// it reports every problem at once with FILE:LINE:COLUMN.
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "careergraph/base/diagnostics.h"
#include "careergraph/base/file.h"
#include "careergraph/sim/simulator.h"
#include "framework/toml_config.h"

namespace careergraph {
namespace {

class ModelReader {
 public:
  ModelReader(std::string_view file, const Framework& fw) : file_(file), fw_(fw) {}

  Result<MobilityModel> Run(std::string_view text) {
    if (std::optional<TomlPosition> at = FindNonAsciiOutsideStrings(text)) {
      diags_.Add(file_, at->line, at->column, "TOML syntax error: a non-ASCII character outside a "
                                              "string or comment; quote the value or the key");
      return Error(diags_.ToStatus());
    }
    toml::parse_result parsed = toml::parse(text, file_);
    if (!parsed) {
      Report(parsed.error().source(), fmt::format("TOML syntax error: {}", parsed.error().description()));
      return Error(diags_.ToStatus());
    }
    const toml::table& doc = parsed.table();
    for (auto&& [key, value] : doc) {
      if (key != "model" && key != "entry" && key != "attributes" && key != "role") {
        Report(key.source(), fmt::format("unknown key '{}'; expected [model], [entry], "
                                         "[attributes.NAME] or [[role]]", key.str()));
      }
    }
    ReadHeader(doc);
    if (const toml::table* entry = doc["entry"].as_table()) {
      model_.entry = ReadShares(*entry, "[entry]", /*roles_only=*/true, "");
    } else {
      Report(doc.source(), "missing the [entry] table (share of entrants per role)");
    }
    if (const toml::node* attrs = doc.get("attributes")) {
      if (const toml::table* t = attrs->as_table()) {
        for (auto&& [name, value] : *t) {
          if (const toml::table* shares = value.as_table()) {
            model_.attributes.emplace_back(std::string(name.str()),
                                           ReadShares(*shares, fmt::format("[attributes.{}]", name.str()),
                                                      false, "", /*free_keys=*/true));
          } else {
            Report(value.source(), fmt::format("[attributes] {}: expected a table of value = share", name.str()));
          }
        }
      }
    }
    std::set<std::string> seen;
    if (const toml::array* roles = doc["role"].as_array()) {
      for (const toml::node& n : *roles) {
        const toml::table* t = n.as_table();
        if (!t) {
          Report(n.source(), "each [[role]] must be a table");
          continue;
        }
        ReadRole(*t, &seen);
      }
    }
    for (const Role& r : fw_.roles) {
      if (!seen.count(r.id)) {
        Report(doc.source(), fmt::format("no [[role]] for role '{}' of framework '{}'; every role "
                                         "needs its mobility", r.id, fw_.id));
      }
    }
    if (!diags_.empty()) return Error(diags_.ToStatus());
    return std::move(model_);
  }

 private:
  void Report(const toml::source_region& r, std::string message) {
    diags_.Add(file_, r.begin.line, r.begin.column, std::move(message));
  }

  void ReadHeader(const toml::table& doc) {
    const toml::table* t = doc["model"].as_table();
    if (!t) {
      Report(doc.source(), "missing the [model] table (framework, unit, description, sources)");
      return;
    }
    for (auto&& [key, value] : *t) {
      if (key == "framework") {
        model_.framework = value.value_or(std::string());
        if (model_.framework != fw_.id) {
          Report(value.source(), fmt::format("[model] framework '{}' does not match the loaded "
                                             "framework '{}'", model_.framework, fw_.id));
        }
      } else if (key == "unit") {
        if (value.value_or(std::string()) != "year") {
          Report(value.source(), "[model] unit: only \"year\" is supported (rates are yearly)");
        }
      } else if (key == "description") {
        model_.description = value.value_or(std::string());
      } else if (key == "sources") {
        if (const toml::array* a = value.as_array()) {
          for (const toml::node& s : *a) model_.sources.push_back(s.value_or(std::string()));
        }
      } else {
        Report(key.source(), fmt::format("unknown key '{}' in [model]", key.str()));
      }
    }
    if (model_.framework.empty()) Report(t->source(), "[model]: missing 'framework'");
  }

  // Reads name = share pairs; shares must be >= 0, at least one > 0; normalised to sum to 1.
  Shares ReadShares(const toml::table& t, std::string_view where, bool roles_only,
                    std::string_view self, bool free_keys = false) {
    Shares out;
    double total = 0;
    const size_t problems_before = diags_.count();
    for (auto&& [key, value] : t) {
      const std::string name(key.str());
      std::optional<double> share = value.value<double>();
      if (!share || !std::isfinite(*share) || *share < 0) {
        Report(value.source(), fmt::format("{} {}: expected a share >= 0", where, name));
        continue;
      }
      if (!free_keys) {
        const bool known = roles_only ? fw_.FindRole(name) != nullptr : fw_.IsState(name);
        if (!known) {
          Report(key.source(), fmt::format("{}: unknown {} '{}' in framework '{}'", where,
                                           roles_only ? "role" : "role or destination", name, fw_.id));
          continue;
        }
        if (name == self) {
          Report(key.source(), fmt::format("{}: a move to the role itself; staying is 'stay'", where));
          continue;
        }
      }
      total += *share;
      out.emplace_back(name, *share);
    }
    if (total <= 0) {
      if (diags_.count() > problems_before) return {};  // the entries' own errors say enough
      Report(t.source(), fmt::format("{}: needs at least one share above 0", where));
      return {};
    }
    for (auto& [name, share] : out) share /= total;
    return out;
  }

  void ReadRole(const toml::table& t, std::set<std::string>* seen) {
    RoleMobility rm;
    rm.role = t["id"].value_or(std::string());
    const std::string where = fmt::format("role '{}'", rm.role);
    if (!fw_.FindRole(rm.role)) {
      Report(t.source(), fmt::format("[[role]] id '{}' is not a role of framework '{}'", rm.role, fw_.id));
      return;
    }
    if (!seen->insert(rm.role).second) {
      Report(t.source(), fmt::format("{}: listed twice", where));
      return;
    }
    for (auto&& [key, value] : t) {
      if (key == "id") continue;
      if (key == "stay") {
        std::optional<double> stay = value.value<double>();
        if (!stay || !(*stay > 0 && *stay < 1)) {
          Report(value.source(), fmt::format("{}: stay must be a number with 0 < stay < 1", where));
        } else {
          rm.stay = *stay;
        }
      } else if (key == "min_months") {
        std::optional<int64_t> m = value.value<int64_t>();
        if (!m || *m < 0 || *m > 600) {
          Report(value.source(), fmt::format("{}: min_months must be an integer 0..600", where));
        } else {
          rm.min_months = static_cast<int>(*m);
        }
      } else if (key == "moves") {
        if (const toml::table* m = value.as_table()) rm.moves = ReadShares(*m, where + " moves", false, rm.role);
        else Report(value.source(), fmt::format("{}: moves must be a table of state = share", where));
      } else if (key == "titles") {
        if (const toml::table* m = value.as_table()) rm.titles = ReadShares(*m, where + " titles", false, "", true);
        else Report(value.source(), fmt::format("{}: titles must be a table of title = share", where));
      } else if (key == "source") {
        rm.source = value.value_or(std::string());
      } else {
        Report(key.source(), fmt::format("{}: unknown key '{}'; expected id, stay, min_months, "
                                         "moves, titles, source", where, key.str()));
      }
    }
    if (!t.contains("stay")) Report(t.source(), fmt::format("{}: missing 'stay'", where));
    if (!t.contains("moves")) Report(t.source(), fmt::format("{}: missing 'moves'", where));
    model_.roles.push_back(std::move(rm));
  }

  std::string file_;
  const Framework& fw_;
  Diagnostics diags_;
  MobilityModel model_;
};

}  // namespace

Result<MobilityModel> ParseMobilityModel(std::string_view toml_text, std::string_view file_name,
                                         const Framework& framework) {
  return ModelReader(file_name, framework).Run(toml_text);
}

Result<MobilityModel> LoadMobilityModelFile(const std::string& path, const Framework& framework) {
  Result<std::string> text = ReadFile(path);
  if (!text) return Error(text.error());
  return ParseMobilityModel(*text, path, framework);
}

}  // namespace careergraph
