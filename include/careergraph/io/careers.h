// Reading and writing careers: CSV and JSON spell files, title maps and assessment files.
// Thread-safety: free functions without shared state.
//
// Formats are documented in docs/data-formats.md. Readers validate against a framework and
// report every problem at once as `FILE:LINE: field 'NAME': what is wrong; what was expected`;
// they never return a partial result. Writers produce files the readers accept, and
// read → write → read → write is byte-identical.
#ifndef CAREERGRAPH_IO_CAREERS_H_
#define CAREERGRAPH_IO_CAREERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "careergraph/base/progress.h"
#include "careergraph/base/status.h"
#include "careergraph/base/string_map.h"
#include "careergraph/model/career.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

// Extra title → role mappings (keys are normalised titles, see NormalizeTitle).
using TitleMap = StringMap<std::string>;

enum class CareerFormat { kCsv, kJson };

// Picks the format from the file name: ".json" is JSON, anything else CSV.
CareerFormat CareerFormatForPath(std::string_view path);

// Parses spells (CSV: header `person_id,role,title,start,end` then attribute columns; JSON: an
// array of people). Titles of spells without a role resolve through `extra` and then the
// framework's aliases.
Result<CareerBatch> ParseCareerBatch(std::string_view text, std::string_view file_name,
                                     CareerFormat format, const Framework& framework,
                                     const TitleMap& extra = {}, Progress& progress = NullProgress());
Result<CareerBatch> ReadCareerBatchFile(const std::string& path, const Framework& framework,
                                        const TitleMap& extra = {},
                                        Progress& progress = NullProgress());
// The same, as records (convenient for small inputs and tests; costlier for large ones).
Result<CareerSet> ParseCareers(std::string_view text, std::string_view file_name,
                               CareerFormat format, const Framework& framework,
                               const TitleMap& extra = {}, Progress& progress = NullProgress());
Result<CareerSet> ReadCareersFile(const std::string& path, const Framework& framework,
                                  const TitleMap& extra = {}, Progress& progress = NullProgress());

// A title map: CSV with header `title,role`; every role must exist, a title may appear once.
Result<TitleMap> ParseTitleMap(std::string_view text, std::string_view file_name,
                               const Framework& framework);
Result<TitleMap> ReadTitleMapFile(const std::string& path, const Framework& framework);

// Assessments: CSV with header `person_id,competency,level,date[,source]`; the competency must be
// in the framework and the level within its scale. `lines` (optional) receives the line of each
// assessment, for messages about them later (such as a person missing from the store).
Result<std::vector<Assessment>> ParseAssessments(std::string_view text, std::string_view file_name,
                                                 const Framework& framework,
                                                 std::vector<size_t>* lines = nullptr);

// Writers. CSV columns: person_id,role,title,start,end, then the attributes sorted by name.
// The Population forms write straight from columns (what export uses); the CareerSet forms
// convert first.
std::string WriteCareersCsv(const Population& careers);
std::string WriteCareersJson(const Population& careers);
std::string WriteCareers(const Population& careers, CareerFormat format);
std::string WriteCareersCsv(const CareerSet& careers);
std::string WriteCareersJson(const CareerSet& careers);
std::string WriteCareers(const CareerSet& careers, CareerFormat format);
std::string WriteAssessmentsCsv(const std::vector<Assessment>& assessments);

}  // namespace careergraph

#endif  // CAREERGRAPH_IO_CAREERS_H_
