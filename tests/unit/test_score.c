/* Tests of the deterministic scorer: the reply/gold table in
 * tests/golden/score-cases.jsonl and edge cases. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "common/json.h"
#include "common/lines.h"
#include "config.h"
#include "score/score.h"
#include "score/score_int.h"

#define CASES CTXBENCH_DATADIR "/tests/golden/score-cases.jsonl"

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/* Checks the labels of r against the expected array; prints what differs. */
static bool labels_match(const char *name, const struct score_result *r,
                         const cJSON *want)
{
	cJSON *got = json_parse(r->labels.buf, r->labels.len, NULL);
	const cJSON *gl = cJSON_GetObjectItem(got, "labels");
	bool ok = got && cJSON_GetArraySize(gl) == cJSON_GetArraySize(want);
	for (int i = 0; ok && i < cJSON_GetArraySize(want); i++)
		ok = !strcmp(json_str(cJSON_GetArrayItem(gl, i), "label"),
		             cJSON_GetArrayItem(want, i)->valuestring);
	if (!ok)
		fprintf(stderr, "case %s: labels %s\n", name, r->labels.buf);
	cJSON_Delete(got);
	return ok;
}

static bool form_is(const struct score_result *r, const char *form)
{
	cJSON *got = json_parse(r->labels.buf, r->labels.len, NULL);
	bool ok = got && json_str(got, "form") &&
	          !strcmp(json_str(got, "form"), form);
	cJSON_Delete(got);
	return ok;
}

/* Runs one case line; returns true when everything expected holds. */
static bool run_case(const cJSON *c)
{
	const char *name = json_str(c, "name");
	struct score_opts o;
	struct err e = ERR_INIT;
	struct score_result r;
	double want, v;
	score_opts_init(&o);
	const cJSON *opts = cJSON_GetObjectItem(c, "opts");
	json_num(opts, "tolerance", &o.tolerance);
	json_num(opts, "partial_credit", &o.partial_credit);
	if (json_num(opts, "max_gold", &v) == 0)
		o.max_gold = (long)v;
	struct scorer *s = scorer_new(&o, &e);
	score_result_init(&r);
	int rc = scorer_score(
	    s, cJSON_GetObjectItem(c, "gold"), json_str(c, "sql"),
	    cJSON_GetObjectItem(c, "probe"), json_str(c, "reply"), &r, &e);
	bool ok = rc == 0;
	json_num(c, "score", &want);
	if (ok && !near(r.score, want)) {
		fprintf(stderr, "case %s: score %g, expected %g (%s)\n", name,
		        r.score, want, r.labels.buf);
		ok = false;
	}
	const cJSON *labels = cJSON_GetObjectItem(c, "labels");
	if (ok && cJSON_IsArray(labels))
		ok = labels_match(name, &r, labels);
	if (ok && json_num(c, "precision", &want) == 0 &&
	    !(r.has_prf && near(r.precision, want))) {
		fprintf(stderr, "case %s: precision %g, expected %g\n", name,
		        r.precision, want);
		ok = false;
	}
	if (ok && json_num(c, "order_ok", &want) == 0 &&
	    r.order_ok != (int)want) {
		fprintf(stderr, "case %s: order_ok %d\n", name, r.order_ok);
		ok = false;
	}
	if (ok && json_str(c, "form") && !form_is(&r, json_str(c, "form"))) {
		fprintf(stderr, "case %s: form in %s\n", name, r.labels.buf);
		ok = false;
	}
	if (rc)
		fprintf(stderr, "case %s: %s\n", name, e.msg);
	score_result_release(&r);
	scorer_free(s);
	return ok;
}

TEST(golden_cases)
{
	struct lines l;
	struct err e = ERR_INIT;
	int n = 0, bad = 0;
	CHECK(lines_open(&l, CASES, &e) == 0);
	while (lines_next(&l, &e) == 1) {
		cJSON *c = json_parse(l.line, l.len, &e);
		CHECK(c != NULL);
		bad += !run_case(c);
		n++;
		cJSON_Delete(c);
	}
	lines_close(&l);
	fprintf(stderr, "%d cases, %d failed\n", n, bad);
	CHECK(n >= 60);
	CHECK(bad == 0);
}

/* The score of reply against gold (JSON), the query's sql given or NULL;
 * -1 when scoring fails. */
static double score_sql(const char *gold, const char *sql, const char *reply)
{
	struct score_opts o;
	struct score_result r;
	score_opts_init(&o);
	struct scorer *s = scorer_new(&o, NULL);
	cJSON *g = json_parse(gold, strlen(gold), NULL);
	score_result_init(&r);
	double v =
	    scorer_score(s, g, sql, NULL, reply, &r, NULL) ? -1 : r.score;
	cJSON_Delete(g);
	score_result_release(&r);
	scorer_free(s);
	return v;
}

static double score_of(const char *gold, const char *reply)
{
	return score_sql(gold, NULL, reply);
}

TEST(invalid_utf8_reply)
{
	CHECK(near(score_of("{\"rows\":[[\"Napa\"]]}",
	                    "Final answer: [[\"Napa\"]] \xff\xfe"),
	           1));
	CHECK(near(score_of("{\"rows\":[[\"Napa\"]]}", "\xc3 Napa"), 1));
}

TEST(null_reply)
{
	CHECK(near(score_of("{\"rows\":[[\"Napa\"]]}", NULL), 0));
}

TEST(bad_gold)
{
	struct score_opts o;
	struct score_result r;
	struct err e = ERR_INIT;
	score_opts_init(&o);
	struct scorer *s = scorer_new(&o, &e);
	cJSON *g = json_parse("{\"rows\": 3}", 11, NULL);
	score_result_init(&r);
	CHECK(scorer_score(s, g, NULL, NULL, "x", &r, &e) == -1);
	CHECK(strstr(e.msg, "rows") != NULL);
	cJSON_Delete(g);
	g = json_parse("{\"rows\": [1]}", 13, NULL);
	CHECK(scorer_score(s, g, NULL, NULL, "x", &r, &e) == -1);
	cJSON_Delete(g);
	score_result_release(&r);
	scorer_free(s);
}

TEST(status_labels)
{
	struct score_result r;
	score_result_init(&r);
	score_status("overflow", &r);
	CHECK(r.score == 0);
	CHECK_STR(r.labels.buf, "{\"status\":\"overflow\"}");
	score_result_release(&r);
}

TEST(labels_evidence)
{
	struct score_opts o;
	struct score_result r;
	score_opts_init(&o);
	struct scorer *s = scorer_new(&o, NULL);
	const char *gold = "{\"rows\":[[\"a\"],[\"b\"]]}";
	cJSON *g = json_parse(gold, strlen(gold), NULL);
	score_result_init(&r);
	CHECK(scorer_score(s, g, NULL, NULL, "Final answer: [[\"b\"], [\"z\"]]",
	                   &r, NULL) == 0);
	CHECK_STR(r.labels.buf,
	          "{\"form\":\"final_json\",\"none\":false,\"segment\":[14,28],"
	          "\"answer\":[[\"b\"],"
	          "[\"z\"]],"
	          "\"labels\":[{\"gold\":0,\"label\":\"none\",\"pred\":null},"
	          "{\"gold\":1,\"label\":\"exact\",\"pred\":0}]}");
	CHECK(near(r.precision, 0.5));
	CHECK(near(r.f1, 0.5));
	cJSON_Delete(g);
	score_result_release(&r);
	scorer_free(s);
}

TEST(norm_text_forms)
{
	const char *in = "  The \xe2\x80\x9c"
	                 "BIG\xe2\x80\x9d  1,234.5-x ";
	char *n = norm_text(in, strlen(in));
	CHECK_STR(n, " the big 1234.5 x ");
	free(n);
	n = norm_text("", 0);
	CHECK_STR(n, " ");
	free(n);
}

TEST(date_whole)
{
	struct score_re re;
	CHECK(score_re_init(&re, NULL) == 0);
	CHECK(norm_date_whole(&re, "2020-02-29") == 20200229);
	CHECK(norm_date_whole(&re, "Feb 29, 2020") == 20200229);
	CHECK(norm_date_whole(&re, "29th of February 2020") == 20200229);
	CHECK(norm_date_whole(&re, "02/29/2020") == 20200229);
	CHECK(norm_date_whole(&re, "2020-13-01") == 0);
	CHECK(norm_date_whole(&re, "Napa 2020-01-01") == 0);
	score_re_release(&re);
}

/* Replies that took minutes (quadratic): a long reasoning block without a
 * line break (the answer patterns backtracked over its blanks), thousands
 * of answer markers (the whole reply checked again for each), and a
 * sentence of many pieces (joined one memmove at a time: 100,000 took 7 s;
 * fewer here, as the sanitizer build is slow with them). */
TEST(long_replies_are_linear)
{
	const char *g = "{\"rows\":[[\"France\",6],[\"Italy\",3]]}";
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, "<think>");
	for (int i = 0; i < 200000; i++)
		sbuf_adds(&b, "x ");
	sbuf_adds(&b, "</think>\nFrance: 6, Italy: 3");
	CHECK(near(score_of(g, b.buf), 1));
	sbuf_reset(&b);
	for (int i = 0; i < 40000; i++)
		sbuf_adds(&b, "Answer: Italy\nExplanation: x\n");
	sbuf_adds(&b, "Answer: France 6, Italy 3\n");
	CHECK(near(score_of(g, b.buf), 1));
	sbuf_reset(&b);
	for (int i = 0; i < 20000; i++)
		sbuf_adds(&b, "France, ");
	sbuf_adds(&b, "France and Italy have 6 each.");
	CHECK(near(score_of(g, b.buf), 0.75));
	sbuf_release(&b);
}

TEST(many_rows_bounded)
{
	/* a model that lists 3000 rows must not blow up the matcher */
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, "Final answer: [");
	for (int i = 0; i < 3000; i++)
		sbuf_addf(&b, "%s[\"r%d\"]", i ? "," : "", i);
	sbuf_adds(&b, "]");
	double v = score_of("{\"rows\":[[\"r5\"],[\"r2999\"]]}", b.buf);
	CHECK(near(v, 1));
	sbuf_release(&b);
}

TEST(pathological_replies_are_fast)
{
	/* a megabyte of brackets, fences and list markers scores 0 quickly */
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < 200000; i++)
		sbuf_adds(&b, "[[```");
	for (int i = 0; i < 20000; i++)
		sbuf_adds(&b, "\n- | a: ");
	sbuf_adds(&b, "\nFinal answer: x");
	for (int i = 0; i < 200000; i++)
		sbuf_adds(&b, ", y");
	CHECK(near(score_of("{\"rows\":[[\"Napa\"]]}", b.buf), 0));
	sbuf_release(&b);
}

TEST(large_gold_and_answer)
{
	/* 1000 gold rows against 2000 predicted ones: every gold row exact */
	struct sbuf g = SBUF_INIT, b = SBUF_INIT;
	sbuf_adds(&g, "{\"rows\":[");
	for (int i = 0; i < 1000; i++)
		sbuf_addf(&g, "%s[\"w%d\", %d.5]", i ? "," : "", i, i);
	sbuf_adds(&g, "]}");
	sbuf_adds(&b, "Final answer: [");
	for (int i = 1999; i >= 0; i--)
		sbuf_addf(&b, "[\"w%d\", %d.5]%s", i, i, i ? "," : "]");
	struct score_opts o;
	struct score_result r;
	score_opts_init(&o);
	o.max_gold = 0;
	struct scorer *s = scorer_new(&o, NULL);
	cJSON *gold = json_parse(g.buf, g.len, NULL);
	score_result_init(&r);
	CHECK(scorer_score(s, gold, NULL, NULL, b.buf, &r, NULL) == 0);
	CHECK(near(r.recall, 1));
	CHECK(near(r.precision, 0.5));
	cJSON_Delete(gold);
	score_result_release(&r);
	scorer_free(s);
	sbuf_release(&g);
	sbuf_release(&b);
}

/* Numbers at the precision the reply writes them, in their locale, with
 * units, magnitudes, percentages and words. */
TEST(numbers_as_written)
{
	static const struct {
		const char *gold, *reply;
		double want;
	} c[] = {
	    {"31.456", "31.5", 1},
	    {"1861.83", "1880", 0},
	    {"43.58", "43.5", 0},
	    {"70.48", "70.4833", 1},
	    {"1859", "1862", 0},
	    {"174600", "$174.6K", 1},
	    {"174600", "174'600", 1},
	    {"31733.33", "31.733,33", 1},
	    {"106378.69", "106 378,69 $", 1},
	    {"1.23", "EUR 1.23 million", 1},
	    {"1.23", "1.23 billion", 0},
	    {"91261", "91.26 million", 1},
	    {"199", "199cm", 1},
	    {"0.051", "5.1%", 1},
	    {"0.051", "51%", 0},
	    {"18", "eighteen", 1},
	    {"23", "twenty-three", 1},
	    {"0.051", "0", 0},
	    {"11097", "11,097 km", 1},
	    {"11097", "11,907 km", 0},
	    {"1", "1st place", 0},
	    {"2048", "A2048", 0},
	    {"8.99",
	     "\xe2\x82\xac"
	     "8.99",
	     1},
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct sbuf g = SBUF_INIT, r = SBUF_INIT;
		sbuf_addf(&g, "{\"rows\":[[%s]]}", c[i].gold);
		sbuf_addf(&r, "Final answer: [[\"%s\"]]", c[i].reply);
		double got = score_of(g.buf, r.buf);
		if (!near(got, c[i].want))
			fprintf(stderr, "%s vs %s: %g\n", c[i].gold, c[i].reply,
			        got);
		CHECK(near(got, c[i].want));
		sbuf_release(&g);
		sbuf_release(&r);
	}
}

/* Text as a reader compares it: accents, "&", codes, plurals, digraphs. */
TEST(text_variants)
{
	static const char *const same[][2] = {
	    {"ros\xc3\xa9", "Rose"},
	    {"K\xc3\xb6ln", "Koeln"},
	    {"Hollis & Co", "Hollis and Co"},
	    {"BIO153", "BIO-153"},
	    {"home win", "Home wins"},
	    {"Comp. Sci.", "Comp Sci"},
	    {"Egilssta\xc3\xb0ir", "Egilsstadir"},
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char *a = norm_text(same[i][0], strlen(same[i][0]));
		char *b = norm_text(same[i][1], strlen(same[i][1]));
		if (strcmp(a, b))
			fprintf(stderr, "'%s' vs '%s'\n", a, b);
		CHECK(!strcmp(a, b));
		free(a);
		free(b);
	}
}

/* Only the final answer counts: reasoning blocks (closed, unclosed, or
 * whose opening tag the API dropped) and drafts inside them never do. */
TEST(reasoning_is_not_the_answer)
{
	const char *g = "{\"rows\":[[\"Napa\"]]}";
	CHECK(near(score_of(g, "<think>Napa? No.</think>\nFinal answer: "
	                       "[[\"Lodi\"]]"),
	           0));
	CHECK(near(score_of(g, "Napa looks right... wait.</think>\nThe answer "
	                       "is Lodi."),
	           0));
	CHECK(near(score_of(g, "<think>Final answer: [[\"Lodi\"]]</think>\n"
	                       "Final answer: [[\"Napa\"]]"),
	           1));
	CHECK(near(score_of(g, "- **Reasoning:** Napa is a candidate.\n"
	                       "- **Answer:** Sonoma"),
	           0));
	CHECK(near(score_of(g, "Candidates: Napa, Sonoma.\n\nThe answer is "
	                       "Napa."),
	           1));
}

/* An empty gold: any form of "nothing answers" is right, rows or a refusal
 * to help are not. */
TEST(abstentions)
{
	const char *g = "{\"rows\":[]}";
	static const char *const yes[] = {
	    "Final answer: []",
	    "Final answer: [[]]",
	    "Final answer: [[\"No answer\"]]",
	    "- **Answer:** No answer.",
	    "There aren't any wines under $6 in the text.",
	    "The text does not mention any such order.",
	    "N/A",
	    "| Order | Date |\n|---|---|\n| \xe2\x80\x94 | \xe2\x80\x94 |",
	    "I can't determine this from the text: no order matches.",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
		if (!near(score_of(g, yes[i]), 1))
			fprintf(stderr, "not an abstention: %s\n", yes[i]);
		CHECK(near(score_of(g, yes[i]), 1));
	}
	CHECK(near(score_of(g, "Final answer: [[\"Napa\"]]"), 0));
	CHECK(near(score_of(g, "I can't help with that."), 0));
	CHECK(near(score_of(g, "The wines are Napa Red and Lodi White."), 0));
}

/* An abstention earns nothing on a gold with rows, though it repeats the
 * question's threshold ("94 or more") or says "none" of a count of 0; a
 * reply that names the gold row keeps its credit. */
TEST(abstention_on_rows_earns_nothing)
{
	const char *g = "{\"rows\":[[\"Briford Family Selection\",94,"
	                "\"Rosa Mancini\"]]}";
	CHECK(near(score_of(g, "There are no wines with a review score of 94 "
	                       "or higher in the text."),
	           0));
	CHECK(near(score_of(g, "No wine received a score of 94 or more."), 0));
	CHECK(near(score_of(g, "None of the wines scored above 93 except "
	                       "Briford Family Selection, which received 94 "
	                       "from Rosa Mancini."),
	           1));
	const char *d = "{\"rows\":[[\"Geology\",1,0],[\"Music\",1,0]]}";
	CHECK(near(score_of(d, "None of the departments offer more courses in "
	                       "Spring 2024 than in Fall 2023."),
	           0));
	CHECK(near(score_of(d, "Final answer: none \xe2\x80\x94 zero "
	                       "departments qualify."),
	           0));
	/* a gold of numbers only: "none" may be its count of 0 */
	CHECK(near(score_of("{\"rows\":[[0]]}", "There are none."), 1));
}

/* Several rows on one line, "(N each)" shared out, a name holding "and"
 * kept whole, and a misplaced ranking row Partial. */
TEST(rows_in_one_sentence)
{
	const char *g = "{\"rows\":[[\"Italy\",12],[\"France\",11],"
	                "[\"United States\",11],[\"Hollis and Co\",3]]}";
	CHECK(near(score_of(g, "Italy has the most (12), followed by France "
	                       "and the United States (11 each) and Hollis "
	                       "and Co (3)."),
	           1));
	struct score_opts o;
	struct score_result r;
	score_opts_init(&o);
	struct scorer *s = scorer_new(&o, NULL);
	cJSON *gj = json_parse(g, strlen(g), NULL);
	score_result_init(&r);
	CHECK(scorer_score(s, gj, "SELECT c, n FROM t ORDER BY n DESC", NULL,
	                   "France (11), Italy (12), United States (11), "
	                   "Hollis and Co (3)",
	                   &r, NULL) == 0);
	CHECK(near(r.score, 0.75)); /* Italy and France swapped: Partial */
	CHECK(strstr(r.labels.buf, "\"moved\":true") != NULL);
	cJSON_Delete(gj);
	score_result_release(&r);
	scorer_free(s);
}


/* The answer to a question of one extreme is the row the reply ranks
 * first: the gold row named as the runner-up of another earns nothing;
 * a runner-up named after the gold row costs nothing. */
TEST(runner_up_is_not_the_answer)
{
	const char *g = "{\"rows\":[[\"Nina Ramos\",196]]}";
	const char *sql = "SELECT name, height_cm FROM players WHERE height_cm "
	                  "= (SELECT MAX(height_cm) FROM players)";
	static const char *const wrong[] = {
	    "The tallest goalkeeper is Marco Bianchi (198 cm), ahead of Nina "
	    "Ramos (196 cm).",
	    "The tallest is Marco Bianchi (198 cm), followed by Nina Ramos "
	    "(196 cm).",
	    "Marco Bianchi is the tallest goalkeeper at 198 cm. The second "
	    "tallest is Nina Ramos at 196 cm.",
	    "The tallest is Marco Bianchi at 198 cm; Nina Ramos comes second "
	    "at 196 cm.",
	};
	for (size_t i = 0; i < sizeof(wrong) / sizeof(*wrong); i++)
		CHECK(near(score_sql(g, sql, wrong[i]), 0));
	static const char *const right[] = {
	    "Nina Ramos is the tallest goalkeeper at 196 cm, ahead of Marco "
	    "Bianchi (194 cm).",
	    "The second-tallest goalkeeper is Marco Bianchi (194 cm). The "
	    "tallest is Nina Ramos at 196 cm.",
	    "Heights: Ana Silva 188 cm, followed by Nina Ramos 196 cm. The "
	    "tallest is Nina Ramos (196 cm).",
	};
	for (size_t i = 0; i < sizeof(right) / sizeof(*right); i++)
		CHECK(near(score_sql(g, sql, right[i]), 1));
	/* not a question of one extreme: a row after "followed by" is a row */
	CHECK(near(score_sql(g,
	                     "SELECT name, height_cm FROM players WHERE "
	                     "height_cm > 190",
	                     wrong[1]),
	           1));
}

/* A count shared out over groups named by numbers (years): the year names
 * the row and is not its count, so "2016 and 2017 had one each" gives one
 * to both. */
TEST(count_shared_over_years)
{
	const char *g = "{\"rows\":[[\"2016\",1],[\"2017\",1],[\"2019\",3],"
	                "[\"2021\",7],[\"2022\",3]]}";
	CHECK(near(score_of(g, "2019 and 2022 each had three reviews, 2021 had "
	                       "seven, and 2016 and 2017 had one each."),
	           1));
	CHECK(near(score_of(g, "- 2016, 2017: 1 review each\n- 2019, 2022: 3 "
	                       "reviews each\n- 2021: 7 reviews"),
	           1));
	/* no count for 2017: still Partial */
	CHECK(near(score_of(g, "2016 had one, 2017, 2019 had 3, 2021 had 7, "
	                       "2022 had 3."),
	           0.9));
}

/* A code of capitals that is also a word ("THE" for Thessaloniki) names
 * the gold only in capitals; longer texts and codes with digits as before. */
TEST(codes_are_not_words)
{
	const char *g = "{\"rows\":[[\"KNJ2691\",\"BEI\",\"THE\",11097]]}";
	CHECK(near(score_of(g, "The longest flight is UQN3076 from GOT to OSA, "
	                       "11,240 km."),
	           0));
	CHECK(near(score_of(g, "The longest flight is KNJ2691 from BEI to THE, "
	                       "11,097 km."),
	           1));
	CHECK(near(score_of(g, "Final answer: [[\"KNJ2691\", \"BEI\", "
	                       "\"THE\", 11097]]"),
	           1));
	/* the code in a word of its own, not inside another */
	CHECK(
	    near(score_of("{\"rows\":[[\"BEI\"]]}", "Final answer: BEIJ"), 0));
	CHECK(
	    near(score_of("{\"rows\":[[\"BEI\"]]}", "Final answer: (BEI)"), 1));
	/* a text that is not a code still matches in any case */
	CHECK(near(
	    score_of("{\"rows\":[[\"Merlot\"]]}", "Final answer: MERLOT"), 1));
}

/* A run of digits longer than a number's buffer is read, not overrun (a
 * reply of 120 digits overflowed the stack before). */
TEST(long_digit_runs)
{
	char reply[400] = "Final answer: Ch";
	for (size_t i = strlen(reply); i < 140; i++)
		reply[i] = '1';
	strcat(reply, "at, 31,5 and 1.234,5");
	CHECK(score_of("{\"rows\":[[31.5]]}", reply) >= 0);
	CHECK(near(score_of("{\"rows\":[[31.5]]}",
	                    "Final answer: 1111111111111111111111111111111111"
	                    "111111111111111111111111111111111111111111111111"
	                    "111111111111111111111111111111 and 31.5"),
	           1));
}

/* A country by its other names: adjective, short form, code. */
TEST(countries_by_other_names)
{
	const char *g = "{\"rows\":[[\"Belgium\",3],[\"United States\",2],"
	                "[\"United Kingdom\",1]]}";
	CHECK(near(score_of(g, "Belgian \xe2\x80\x93 3, US \xe2\x80\x93 2, "
	                       "UK \xe2\x80\x93 1"),
	           1));
	CHECK(
	    near(score_of(g, "- Belgium: 3\n- the U.S.: 2\n- Britain: 1"), 1));
	/* "us" is not the US, nor French Belgian */
	CHECK(near(score_of("{\"rows\":[[\"United States\",2]]}",
	                    "Let us count again: France has 2."),
	           0.5));
	CHECK(near(score_of("{\"rows\":[[\"Belgium\"]]}",
	                    "Final answer: the French wines"),
	           0));
}

/* Rows on one line named by dates written in words: "January 2023: 2"
 * names the row of 2023-01 as "2023-01: 2" does. */
TEST(dated_rows_on_one_line)
{
	const char *g = "{\"rows\":[[\"2023-01\",2],[\"2023-02\",4],"
	                "[\"2023-03\",1]]}";
	CHECK(near(score_of(g, "The review counts per month were: January "
	                       "2023: 2, February 2023: 4, March 2023: 1."),
	           1));
	CHECK(near(score_of(g, "Jan 2023 had 2 reviews, Feb 2023 had 4 and "
	                       "March 2023 had 1."),
	           1));
	CHECK(near(score_of(g, "2023-01: 2, 2023-02: 4, 2023-03: 1"), 1));
	/* a wrong count is still wrong */
	CHECK(near(score_of(g, "January 2023: 3, February 2023: 4, March "
	                       "2023: 1."),
	           1.0 / 6 * 5));
}

/* Dates in the words of other languages, and the forms they come in. */
TEST(dates_in_other_languages)
{
	static const char *const forms[] = {"29. Oktober 2024",
	                                    "29 octobre 2024",
	                                    "29 de octubre de 2024",
	                                    "29 ottobre 2024",
	                                    "29 de outubro de 2024",
	                                    "29 oktober 2024",
	                                    "October 29, 2024",
	                                    "29th of Oct. 2024",
	                                    "29/10/2024"};
	struct score_re re;
	CHECK(score_re_init(&re, NULL) == 0);
	for (size_t i = 0; i < sizeof(forms) / sizeof(*forms); i++) {
		if (norm_date_whole(&re, forms[i]) != 20241029)
			fprintf(stderr, "not read: %s\n", forms[i]);
		CHECK(norm_date_whole(&re, forms[i]) == 20241029);
	}
	CHECK(norm_date_whole(&re, "6 d\xc3\xa9"
	                           "cembre 2022") == 20221206);
	CHECK(norm_date_whole(&re, "1 M\xc3\xa4rz 2021") == 20210301);
	CHECK(norm_date_whole(&re, "13 mars 2021") == 20210313);
	CHECK(norm_date_whole(&re, "3 augustus 2020") == 20200803);
	score_re_release(&re);
}
