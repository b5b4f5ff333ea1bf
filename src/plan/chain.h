// The role-to-role part of a fitted model's chain, private to plan/: built once per query and
// shared by the absorbing-chain solves (chain.cc) and the path search (plan.cc), so both read the
// same graph of roles.
#ifndef CAREERGRAPH_SRC_PLAN_CHAIN_H_
#define CAREERGRAPH_SRC_PLAN_CHAIN_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "careergraph/plan/plan.h"

namespace careergraph {

// Per role (index into the roles it was built from), (role index, p) of its moves with p > 0 to
// other roles — moves to destinations are left out — and back; the mean time in each role.
struct Chain {
  std::vector<std::vector<std::pair<uint32_t, double>>> out, in;
  std::vector<double> mean;  // days; +inf when unknown
};

Chain BuildChain(const std::vector<ModelRole>& roles);

// The index of role `id` in `roles`, or roles.size() when it is not there.
size_t RoleIndexOf(const std::vector<ModelRole>& roles, std::string_view id);

// ReachTarget on a built chain, `target` a role index.
ReachAll ReachOn(const Chain& chain, size_t target);

}  // namespace careergraph

#endif  // CAREERGRAPH_SRC_PLAN_CHAIN_H_
