#!/usr/bin/env bash
# `careergraph evaluate` on the command line: --help; the table (split, the four predictors,
# what the prior and the duration add, the calibration table), one JSON object whose numbers hold
# together (every predictor scores the same instances, each instance has exactly one true
# candidate, the gains are the differences of the scores, the prior can only remove zero
# probabilities), the scores as CSV; the same seed gives byte-identical output and another seed
# another split; --no-duration and --prior 0 reduce the model to the prior and markov predictors;
# --by conditions the model only; bad input (--holdout 0 or 1.5, an unknown --by attribute, a
# holdout that holds out nobody, a malformed --as-of, an empty store) exits 1 with a clear message.
# Usage: evaluate_cli.sh PATH/TO/careergraph
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/lib.sh"
db="$tmp/e.db"

check "help" 0 "$cg" evaluate --help
expect_out "help lists --holdout" "--holdout"
expect_out "help lists --no-duration" "--no-duration"
expect_out "help lists --min-group" "--min-group"

# An empty store is a user error.
"$cg" init --db "$db" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$db" >/dev/null
check "empty store" 1 "$cg" evaluate --db "$db"
expect_err "empty store message" "the store holds no careers"

check "simulate" 0 "$cg" simulate --people 600 --seed 11 --db "$db"

# Table.
check "table" 0 "$cg" evaluate --db "$db"
expect_out "table split" "^Next-move predictions, as of [0-9-]+: [0-9]+ people trained on, [0-9]+ held out \(--holdout 0.2, --seed 1\); model: prior 1, duration bands$"
expect_out "table held out" "^Held out: [0-9]+ moves \(training: [0-9]+\), [0-9]+ predictions"
expect_out "table scores header" "^predictor +instances +top1 +top3 +log_loss +brier +p\(truth\)=0$"
for p in most-frequent markov prior model; do
  expect_out "table row $p" "^$p +[0-9]+ +[0-9.]+ % +[0-9.]+ % +[0-9]+\.[0-9]{4} +[0-9]\.[0-9]{4} +[0-9]+$"
done
expect_out "table prior adds" "^What the framework prior adds \(prior vs markov\): log loss [-+][0-9.]+ \(positive = lower loss\), top-1 accuracy [-+][0-9.]+ points$"
expect_out "table duration adds" "^What the duration adds \(model vs prior\): log loss [-+][0-9.]+"
expect_out "table calibration header" "^predicted +pairs +mean_predicted +observed$"
expect_out "table first bin" "^\[0\.0, 0\.1\) +[0-9]+ "
expect_out "table last bin" "^\[0\.9, 1\.0\] +[0-9]+"
cp "$tmp/out" "$tmp/table1.txt"
check "table again" 0 "$cg" evaluate --db "$db"
cmp -s "$tmp/out" "$tmp/table1.txt" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL same seed, same output"; }

# JSON.
check "json" 0 "$cg" evaluate --format json --db "$db"
cp "$tmp/out" "$tmp/seed1.json"
json_ok "json keys" "all(k in d for k in ('as_of', 'holdout', 'seed', 'model', 'split', 'log_loss_floor', 'scores', 'prior_adds', 'duration_adds', 'calibration'))"
json_ok "json options" "d['holdout'] == 0.2 and d['seed'] == 1 and d['model'] == {'prior': 1.0, 'duration': True, 'by': None, 'min_group': 30.0} and d['log_loss_floor'] == 1e-06"
json_ok "json predictors in order" "[s['predictor'] for s in d['scores']] == ['most-frequent', 'markov', 'prior', 'model']"
json_ok "json split" "d['split']['people_train'] + d['split']['people_test'] == 600 and 0.1 < d['split']['people_test'] / 600 < 0.3 and d['split']['moves_test'] > 20 and d['split']['instances'] >= d['split']['moves_test'] - 5"
json_ok "json same instances" "all(s['instances'] == d['split']['instances'] for s in d['scores'])"
json_ok "json scores in range" "all(0 <= s['top1'] <= s['top3'] <= 1 and 0 < s['log_loss'] and 0 <= s['brier'] <= 2 for s in d['scores'])"
json_ok "json marginal gives nothing zero probability" "d['scores'][0]['zero_probability'] == 0"
json_ok "json the prior only removes zeros" "d['scores'][2]['zero_probability'] <= d['scores'][1]['zero_probability'] and d['scores'][3]['zero_probability'] == d['scores'][2]['zero_probability']"
json_ok "json the model beats the marginal" "d['scores'][3]['log_loss'] < d['scores'][0]['log_loss'] and d['scores'][3]['top3'] > d['scores'][0]['top3']"
json_ok "json gains are differences" "abs(d['prior_adds']['log_loss'] - (d['scores'][1]['log_loss'] - d['scores'][2]['log_loss'])) < 1e-12 and abs(d['duration_adds']['top1'] - (d['scores'][3]['top1'] - d['scores'][2]['top1'])) < 1e-12"
json_ok "json ten bins" "len(d['calibration']) == 10 and d['calibration'][0]['lower'] == 0 and d['calibration'][9]['upper'] == 1"
json_ok "json one true candidate per instance" "abs(sum(b['n'] * (b['observed'] or 0) for b in d['calibration']) - d['split']['instances']) < 1e-6"
json_ok "json predictions sum to at most 1" "sum(b['n'] * (b['mean_predicted'] or 0) for b in d['calibration']) <= d['split']['instances'] + 1e-6"
json_ok "json bin means inside their bins" "all(b['n'] == 0 and b['mean_predicted'] is None or b['lower'] <= b['mean_predicted'] <= b['upper'] for b in d['calibration'])"

# Another seed, another split.
check "seed 2" 0 "$cg" evaluate --seed 2 --format json --db "$db"
json_ok "seed 2 splits differently" "d['seed'] == 2 and d['split'] != json.load(open('$tmp/seed1.json'))['split']"
check "holdout 0.5" 0 "$cg" evaluate --holdout 0.5 --format json --db "$db"
json_ok "holdout 0.5 holds out more" "d['split']['people_test'] > 2 * json.load(open('$tmp/seed1.json'))['split']['people_test']"

# Options of the model.
check "no duration" 0 "$cg" evaluate --no-duration --format json --db "$db"
json_ok "no duration: the model is the prior predictor" "d['model']['duration'] is False and d['scores'][3]['log_loss'] == d['scores'][2]['log_loss'] and d['duration_adds']['log_loss'] == 0"
check "prior 0" 0 "$cg" evaluate --prior 0 --no-duration --format json --db "$db"
json_ok "prior 0: the prior predictor is markov" "d['scores'][2]['log_loss'] == d['scores'][1]['log_loss'] and d['prior_adds'] == {'log_loss': 0.0, 'top1': 0.0}"
check "by" 0 "$cg" evaluate --by location --min-group 10 --format json --db "$db"
json_ok "by conditions only the model" "d['model']['by'] == 'location' and d['model']['min_group'] == 10 and d['scores'][:3] == json.load(open('$tmp/seed1.json'))['scores'][:3] and d['scores'][3] != json.load(open('$tmp/seed1.json'))['scores'][3]"
check "by table" 0 "$cg" evaluate --by location --db "$db"
expect_out "by table line" "^What the duration and the groups add \(model vs prior\)"
check "as-of" 0 "$cg" evaluate --as-of 2012 --format json --db "$db"
json_ok "as-of" "d['as_of'] == '2012-01-01' and d['split']['moves_test'] < json.load(open('$tmp/seed1.json'))['split']['moves_test']"

# CSV.
check "csv" 0 "$cg" evaluate --format csv --db "$db"
expect_out "csv header" "^predictor,instances,top1,top3,log_loss,brier,zero_probability$"
expect_out "csv model row" "^model,[0-9]+,0\.[0-9]+,0\.[0-9]+,[0-9.]+,0\.[0-9]+,[0-9]+$"
[ "$(wc -l <"$tmp/out")" -eq 5 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL csv has a header and 4 rows"; }

# Bad input: exit 1 and a clear message.
check "holdout 0" 1 "$cg" evaluate --holdout 0 --db "$db"
expect_err "holdout 0 message" "--holdout: expected the share of people to hold out, a number in (0, 1), got 0"
check "holdout 1.5" 1 "$cg" evaluate --holdout 1.5 --db "$db"
expect_err "holdout 1.5 message" "--holdout: expected the share of people to hold out, a number in (0, 1), got 1.5"
check "holdout 1" 1 "$cg" evaluate --holdout 1 --db "$db"
check "unknown by" 1 "$cg" evaluate --by team --db "$db"
expect_err "unknown by message" "--by: no person attribute 'team' (known: location)"
check "nobody held out" 1 "$cg" evaluate --holdout 0.00001 --db "$db"
expect_err "nobody held out message" "held-out people made no move"
check "negative prior" 1 "$cg" evaluate --prior -1 --db "$db"
expect_err "negative prior message" "--prior: expected a number >= 0"
check "malformed as-of" 1 "$cg" evaluate --as-of 2020-13 --db "$db"
expect_err "malformed as-of message" "--as-of: '2020-13' is not a date"
check "bad holdout text" 1 "$cg" evaluate --holdout lots --db "$db"
check "bad format" 1 "$cg" evaluate --format yaml --db "$db"
check "missing store" 1 "$cg" evaluate --db "$tmp/missing.db"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
