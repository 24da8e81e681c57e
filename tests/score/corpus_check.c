/* Measures the deterministic scorer against human labels: scores every
 * realistic model reply of a corpus file (format in tests/score/README.md)
 * and prints how often the scorer's per-instance score equals the careful
 * human grader's, overall and per class, family and answer form.
 *     corpus_check [--verbose|--summary] [--min-agreement X] FILE...
 *     corpus_check --show ID FILE...
 *     corpus_check --validate FILE...
 * Exit 0; 1 when a file's agreement is below --min-agreement; 2 on a usage
 * error; 3 when a corpus line is malformed. */
#include <time.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/lines.h"
#include "common/sbuf.h"
#include "common/xalloc.h"
#include "score/score.h"

#define AGREE_EPS 0.01 /* scores within this are equal (issue 13) */
#define MAX_GOLD 50    /* only the first 50 gold rows are labelled */

static const char usage[] =
    "usage: corpus_check [--verbose|--summary] [--min-agreement X] FILE...\n"
    "       corpus_check --show ID FILE...\n"
    "       corpus_check --validate FILE...\n"
    "\n"
    "Scores each reply of the corpus files (tests/score/corpus.jsonl,\n"
    "tests/score/heldout.jsonl) with the deterministic scorer and prints\n"
    "its agreement with the human labels (equal within 0.01), the mean\n"
    "score difference (scorer - human), false and missed credit, and\n"
    "agreement per class, family and answer form.\n"
    "  --verbose          also print every disagreement with the answer\n"
    "                     the scorer extracted\n"
    "  --summary          only the headline figures, no per-group tables (for\n"
    "                     the held-out file, whose cases are not for tuning)\n"
    "  --min-agreement X  exit 1 when a file's agreement is below X (0..1)\n"
    "  --show ID          print one case for a person: question, gold with\n"
    "                     the human labels, reply, and the scorer's view\n"
    "  --validate         only check that every case is well formed (labels\n"
    "                     match the gold and give the stated score)\n";

/* Counts for one group of cases (a class, a family, a form or a file). */
struct tally {
	char *name;
	long cases, agree, false_credit, missed;
	double diff;
};

struct tallies {
	struct tally *v;
	size_t n, cap;
};

struct totals {
	struct tally all;
	long rows, rows_agree;
	struct tallies by_class, by_family, by_form;
	double cpu; /* seconds in scorer_score */
};

/* One case line, parsed and checked; strings are borrowed from json. */
struct corpus_case {
	cJSON *json;
	const char *id, *family, *cls, *form, *sql, *reply, *reason;
	const cJSON *gold, *labels;
	int nrows; /* gold rows */
	double want;
};

static struct tally *tally_get(struct tallies *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, name))
			return &t->v[i];
	xgrow(&t->v, &t->cap, t->n + 1, sizeof(*t->v));
	struct tally *y = &t->v[t->n++];
	memset(y, 0, sizeof(*y));
	y->name = xstrdup(name);
	return y;
}

static void tallies_release(struct tallies *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static void tally_add(struct tally *y, double got, double want)
{
	double d = got - want;
	y->cases++;
	y->diff += d;
	if (fabs(d) <= AGREE_EPS + 1e-9)
		y->agree++;
	else if (d > 0)
		y->false_credit++;
	else
		y->missed++;
}

static double label_value(const char *label)
{
	if (!strcmp(label, "exact"))
		return 1.0;
	return !strcmp(label, "partial") ? 0.5 : 0.0;
}

static bool label_valid(const char *label)
{
	return label && (!strcmp(label, "exact") || !strcmp(label, "partial") ||
	                 !strcmp(label, "none"));
}

static const char *str_field(const cJSON *c, const char *key, bool required,
                             struct err *e)
{
	const char *s = json_str(c, key);
	if (!s && required)
		err_set(e, ERR_INPUT, "missing string field '%s'", key);
	return s;
}

/* Checks the labels against the gold and the stated score. */
static int case_check_labels(struct corpus_case *k, struct err *e)
{
	int want_n = k->nrows ? (k->nrows < MAX_GOLD ? k->nrows : MAX_GOLD) : 1;
	if (!cJSON_IsArray(k->labels) ||
	    cJSON_GetArraySize(k->labels) != want_n)
		return err_set(e, ERR_INPUT,
		               "case '%s': want %d labels (one per gold row, "
		               "the first 50; one for an empty gold)",
		               k->id, want_n);
	double sum = 0;
	const cJSON *l;
	cJSON_ArrayForEach(l, k->labels)
	{
		if (!label_valid(cJSON_GetStringValue(l)))
			return err_set(e, ERR_INPUT,
			               "case '%s': a label is not exact, "
			               "partial or none",
			               k->id);
		sum += label_value(l->valuestring);
	}
	if (!k->nrows &&
	    !strcmp(cJSON_GetArrayItem(k->labels, 0)->valuestring, "partial"))
		return err_set(e, ERR_INPUT,
		               "case '%s': an empty gold is exact or none",
		               k->id);
	if (json_num(k->json, "score", &k->want) ||
	    fabs(k->want - sum / want_n) > 1e-3)
		return err_set(
		    e, ERR_INPUT,
		    "case '%s': score must be the mean of the labels "
		    "(%.4f)",
		    k->id, sum / want_n);
	return 0;
}

/* Parses and checks one corpus line into k; -1 and e filled when bad. */
static int case_parse(const char *line, size_t len, struct corpus_case *k,
                      struct err *e)
{
	memset(k, 0, sizeof(*k));
	k->json = json_parse(line, len, e);
	if (!k->json)
		return -1;
	const cJSON *c = k->json;
	if (!(k->id = str_field(c, "id", true, e)) ||
	    !(k->family = str_field(c, "family", true, e)) ||
	    !(k->cls = str_field(c, "class", true, e)) ||
	    !str_field(c, "question", true, e) ||
	    !(k->sql = str_field(c, "sql", true, e)) ||
	    !(k->reply = str_field(c, "reply", true, e)))
		return -1;
	k->form = json_str(c, "form");
	if (!k->form)
		k->form = "-";
	k->reason = json_str(c, "reason");
	k->gold = cJSON_GetObjectItemCaseSensitive(c, "gold");
	k->labels = cJSON_GetObjectItemCaseSensitive(c, "labels");
	if (scorer_check(k->gold, NULL, e))
		return err_prefix(e, "case '%s'", k->id);
	k->nrows = cJSON_GetArraySize(
	    cJSON_GetObjectItemCaseSensitive(k->gold, "rows"));
	return case_check_labels(k, e);
}

/* The scorer's label for gold row i, or "?" when it gave none. */
static const char *scorer_label(const cJSON *labels, int i)
{
	const cJSON *l;
	cJSON_ArrayForEach(l, labels)
	{
		double g;
		if (!json_num(l, "gold", &g) && (int)g == i &&
		    json_str(l, "label"))
			return json_str(l, "label");
	}
	return "?";
}

static char label_letter(const char *label)
{
	if (!strcmp(label, "exact"))
		return 'E';
	if (!strcmp(label, "partial"))
		return 'P';
	return !strcmp(label, "none") ? 'N' : '?';
}

/* Appends the human and scorer labels as letter strings (EPN). */
static void labels_letters(const struct corpus_case *k, const cJSON *got,
                           struct sbuf *human, struct sbuf *scorer)
{
	int n = cJSON_GetArraySize(k->labels);
	for (int i = 0; i < n; i++) {
		sbuf_addch(human,
		           label_letter(
		               cJSON_GetArrayItem(k->labels, i)->valuestring));
		if (k->nrows)
			sbuf_addch(scorer, label_letter(scorer_label(got, i)));
	}
}

/* Prints one disagreement: id, scores, labels and what the scorer read. */
static void print_disagreement(const struct corpus_case *k,
                               const struct score_result *r)
{
	struct sbuf human = SBUF_INIT, mine = SBUF_INIT, ans = SBUF_INIT;
	cJSON *got = json_parse(r->labels.buf, r->labels.len, NULL);
	const cJSON *gl = cJSON_GetObjectItemCaseSensitive(got, "labels");
	labels_letters(k, gl, &human, &mine);
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(got, "answer");
	if (a)
		json_add_value(&ans, a);
	if (ans.len > 300) {
		sbuf_setlen(&ans, 300);
		sbuf_adds(&ans, "...");
	}
	const char *form = json_str(got, "form");
	printf("%s [%s, %s, %s]\n  human %.3f %s, scorer %.3f %s\n"
	       "  scorer read (%s): %s\n",
	       k->id, k->cls, k->family, k->form, k->want, human.buf, r->score,
	       k->nrows ? mine.buf : "", form ? form : "-",
	       ans.len ? ans.buf : "(nothing)");
	if (k->reason)
		printf("  why: %s\n", k->reason);
	cJSON_Delete(got);
	sbuf_release(&human);
	sbuf_release(&mine);
	sbuf_release(&ans);
}

/* Adds the row-level agreement of a non-empty gold case to t. */
static void count_rows(const struct corpus_case *k,
                       const struct score_result *r, struct totals *t)
{
	if (!k->nrows)
		return;
	cJSON *got = json_parse(r->labels.buf, r->labels.len, NULL);
	const cJSON *gl = cJSON_GetObjectItemCaseSensitive(got, "labels");
	int n = cJSON_GetArraySize(k->labels);
	for (int i = 0; i < n; i++) {
		t->rows++;
		if (!strcmp(scorer_label(gl, i),
		            cJSON_GetArrayItem(k->labels, i)->valuestring))
			t->rows_agree++;
	}
	cJSON_Delete(got);
}

static void print_tallies(const char *title, struct tallies *t)
{
	printf("\n%-24s %6s %7s %7s %6s %6s\n", title, "cases", "agree", "diff",
	       "false", "missed");
	for (size_t i = 0; i < t->n; i++) {
		const struct tally *y = &t->v[i];
		printf("%-24s %6ld %6.1f%% %+7.3f %6ld %6ld\n", y->name,
		       y->cases, 100.0 * y->agree / y->cases,
		       y->diff / y->cases, y->false_credit, y->missed);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->name,
	              ((const struct tally *)b)->name);
}

static void print_totals(const char *path, struct totals *t, bool summary)
{
	const struct tally *a = &t->all;
	printf("file: %s\ncases: %ld\n", path, a->cases);
	if (!a->cases)
		return;
	printf("agreement: %.1f%% (%ld of %ld within %.2f)\n",
	       100.0 * a->agree / a->cases, a->agree, a->cases, AGREE_EPS);
	printf("mean difference (scorer - human): %+.3f\n", a->diff / a->cases);
	printf("false credit (scorer > human): %ld\n", a->false_credit);
	printf("missed credit (scorer < human): %ld\n", a->missed);
	printf("gold row labels equal: %.1f%% (%ld of %ld rows)\n",
	       t->rows ? 100.0 * t->rows_agree / t->rows : 0.0, t->rows_agree,
	       t->rows);
	if (t->cpu > 0)
		printf("scoring: %.0f replies/s (CPU, scorer only)\n",
		       (double)a->cases / t->cpu);
	if (summary)
		return;
	struct tallies *groups[] = {&t->by_class, &t->by_family, &t->by_form};
	const char *titles[] = {"class", "family", "form"};
	for (int i = 0; i < 3; i++) {
		qsort(groups[i]->v, groups[i]->n, sizeof(struct tally),
		      by_name);
		print_tallies(titles[i], groups[i]);
	}
}

static void print_case(const struct corpus_case *k,
                       const struct score_result *r)
{
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(k->gold, "rows");
	cJSON *got = json_parse(r->labels.buf, r->labels.len, NULL);
	const cJSON *gl = cJSON_GetObjectItemCaseSensitive(got, "labels");
	struct sbuf s = SBUF_INIT;
	printf("id: %s\nclass: %s  family: %s  form: %s\nquestion: %s\n"
	       "sql: %s\n",
	       k->id, k->cls, k->family, k->form, json_str(k->json, "question"),
	       k->sql);
	json_add_value(&s,
	               cJSON_GetObjectItemCaseSensitive(k->gold, "columns"));
	printf("gold columns: %s\ngold rows (human label / scorer label):\n",
	       s.buf);
	for (int i = 0; i < k->nrows; i++) {
		sbuf_reset(&s);
		json_add_value(&s, cJSON_GetArrayItem(rows, i));
		printf("  %2d %-8s %-8s %s\n", i,
		       i < MAX_GOLD
		           ? cJSON_GetArrayItem(k->labels, i)->valuestring
		           : "-",
		       scorer_label(gl, i), s.buf);
	}
	if (!k->nrows)
		printf("  (empty gold: human says %s)\n",
		       cJSON_GetArrayItem(k->labels, 0)->valuestring);
	printf("reply:\n%s\n----\nhuman score: %.3f\nscorer score: %.3f\n"
	       "scorer labels: %s\n",
	       k->reply, k->want, r->score, r->labels.buf);
	if (k->reason)
		printf("why: %s\n", k->reason);
	cJSON_Delete(got);
	sbuf_release(&s);
}

struct opts {
	bool verbose;
	bool summary;         /* headline figures only */
	bool validate;        /* check the cases, score nothing */
	double min_agreement; /* < 0: no threshold */
	const char *show;
};

/* Scores every case of path into t (or prints the --show case); -1 and e
 * filled on a bad file or line. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* scorer_score, its CPU time added to t (bench/score_corpus.sh prints the
 * rate: realistic replies, not only the default prompt's form). */
static int timed_score(struct scorer *s, const struct corpus_case *k,
                       struct score_result *r, struct totals *t,
                       struct err *e)
{
	double start = cpu_now();
	int rc = scorer_score(s, k->gold, k->sql, NULL, k->reply, r, e);
	t->cpu += cpu_now() - start;
	return rc;
}

static int run_file(struct scorer *s, const char *path, const struct opts *o,
                    struct totals *t, bool *shown, struct err *e)
{
	struct lines in;
	if (lines_open(&in, path, e))
		return -1;
	int rc = 0, more;
	while ((more = lines_next(&in, e)) == 1) {
		if (!in.len)
			continue;
		struct corpus_case k;
		struct score_result r;
		score_result_init(&r);
		if (case_parse(in.line, in.len, &k, e) ||
		    (!o->validate && timed_score(s, &k, &r, t, e))) {
			err_prefix(e, "%s:%ld", path, in.lineno);
			cJSON_Delete(k.json);
			score_result_release(&r);
			rc = -1;
			break;
		}
		if (o->validate) {
			t->all.cases++;
		} else if (o->show && !strcmp(o->show, k.id)) {
			print_case(&k, &r);
			*shown = true;
		} else if (!o->show) {
			tally_add(&t->all, r.score, k.want);
			tally_add(tally_get(&t->by_class, k.cls), r.score,
			          k.want);
			tally_add(tally_get(&t->by_family, k.family), r.score,
			          k.want);
			tally_add(tally_get(&t->by_form, k.form), r.score,
			          k.want);
			count_rows(&k, &r, t);
			if (o->verbose &&
			    fabs(r.score - k.want) > AGREE_EPS + 1e-9)
				print_disagreement(&k, &r);
		}
		cJSON_Delete(k.json);
		score_result_release(&r);
	}
	if (more < 0)
		rc = -1;
	lines_close(&in);
	return rc;
}

static int parse_args(int argc, char **argv, struct opts *o, int *first)
{
	o->verbose = false;
	o->summary = false;
	o->validate = false;
	o->min_agreement = -1;
	o->show = NULL;
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			exit(EXIT_OK);
		} else if (!strcmp(argv[i], "--verbose")) {
			o->verbose = true;
		} else if (!strcmp(argv[i], "--summary")) {
			o->summary = true;
		} else if (!strcmp(argv[i], "--validate")) {
			o->validate = true;
		} else if (!strcmp(argv[i], "--min-agreement") &&
		           i + 1 < argc) {
			char *end;
			o->min_agreement = strtod(argv[++i], &end);
			if (*end || end == argv[i] || o->min_agreement < 0 ||
			    o->min_agreement > 1) {
				fprintf(stderr,
				        "corpus_check: error: "
				        "--min-agreement takes a number "
				        "from 0 to 1\n");
				return -1;
			}
		} else if (!strcmp(argv[i], "--show") && i + 1 < argc) {
			o->show = argv[++i];
		} else {
			fprintf(stderr,
			        "corpus_check: error: unknown option "
			        "'%s'\n%s",
			        argv[i], usage);
			return -1;
		}
	}
	if (i == argc) {
		fprintf(stderr, "corpus_check: error: no corpus file\n%s",
		        usage);
		return -1;
	}
	*first = i;
	return 0;
}

static void totals_release(struct totals *t)
{
	tallies_release(&t->by_class);
	tallies_release(&t->by_family);
	tallies_release(&t->by_form);
	memset(t, 0, sizeof(*t));
}

int main(int argc, char **argv)
{
	struct opts o;
	int first, rc = EXIT_OK;
	if (parse_args(argc, argv, &o, &first))
		return EXIT_USAGE;
	struct err e = ERR_INIT;
	struct score_opts so;
	score_opts_init(&so);
	struct scorer *s = scorer_new(&so, &e);
	if (!s) {
		fprintf(stderr, "corpus_check: error: %s\n", e.msg);
		return EXIT_RUNTIME;
	}
	bool shown = false;
	for (int i = first; i < argc && rc == EXIT_OK; i++) {
		struct totals t;
		memset(&t, 0, sizeof(t));
		if (run_file(s, argv[i], &o, &t, &shown, &e)) {
			fprintf(stderr, "corpus_check: error: %s\n", e.msg);
			rc = EXIT_INPUT;
		} else if (o.validate) {
			printf("%s: %ld cases, well formed\n", argv[i],
			       t.all.cases);
		} else if (!o.show) {
			if (i > first)
				printf("\n");
			print_totals(argv[i], &t, o.summary);
			double share =
			    t.all.cases ? (double)t.all.agree / t.all.cases : 0;
			if (o.min_agreement >= 0 && share < o.min_agreement) {
				fprintf(stderr,
				        "corpus_check: %s: agreement %.3f is "
				        "below %.3f\n",
				        argv[i], share, o.min_agreement);
				rc = EXIT_RUNTIME;
			}
		}
		totals_release(&t);
	}
	if (o.show && !shown && rc == EXIT_OK) {
		fprintf(stderr, "corpus_check: error: no case '%s'\n", o.show);
		rc = EXIT_INPUT;
	}
	scorer_free(s);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "corpus_check: error: cannot write the "
		                "output\n");
		rc = EXIT_RUNTIME;
	}
	return rc;
}
