/* Probe task metrics: entity relaxed match, sentence word recall, function and
 * key-value exact match. */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/xalloc.h"
#include "score/score_int.h"

/* The answer text: the first row of a JSON answer, the text after the marker,
 * or the whole reply. */
static char *answer_text(struct scorer *s, const char *reply)
{
	struct answer a;
	struct gold_hint h = {.nrows = 1, .ncols = 1};
	answer_parse(&a, &s->re, reply, &h);
	struct sbuf b = SBUF_INIT;
	if ((a.form == FORM_FINAL_JSON || a.form == FORM_JSON) && a.n) {
		for (size_t j = 0; j < a.rows[0].n; j++)
			sbuf_addf(&b, "%s%s", j ? " " : "",
			          a.rows[0].cells[j].text);
	} else {
		bool marker =
		    a.form == FORM_FINAL_TEXT || a.form == FORM_FINAL_JSON;
		sbuf_adds(&b, marker || !reply ? a.segment : reply);
	}
	answer_release(&a);
	return sbuf_detach(&b);
}

/* Number of words of gold found in ans (each answer word used once). */
static double word_recall(const char *gold, const char *ans)
{
	char *g = norm_text(gold, strlen(gold)),
	     *a = norm_text(ans, strlen(ans));
	size_t total = 0, found = 0;
	for (char *w = g + 1; *w; total++) {
		char *sp = strchr(w, ' ');
		size_t n = (size_t)(sp - w);
		for (char *p = a; (p = strstr(p, " ")) && p[1];) {
			if (!strncmp(p + 1, w, n) && p[1 + n] == ' ') {
				memset(p + 1, '#', n); /* used */
				found++;
				break;
			}
			p++;
		}
		w = sp + 1;
	}
	free(g);
	free(a);
	return total ? (double)found / (double)total : 0;
}

static double contains_norm(const char *gold, const char *ans)
{
	char *g = norm_text(gold, strlen(gold)),
	     *a = norm_text(ans, strlen(ans));
	bool ok = strcmp(g, " ") && strstr(a, g);
	free(g);
	free(a);
	return ok;
}

/* A function name as written: strip quotes, backticks, "def", "()" and a final
 * period. */
static double same_name(const char *gold, const char *ans)
{
	const char *s = ans;
	while (*s && strchr(" \t\r\n`'\"*", *s))
		s++;
	if (!strncmp(s, "def ", 4))
		s += 4;
	size_t n = 0;
	while (s[n] &&
	       (s[n] == '_' || s[n] == '.' || (s[n] >= '0' && s[n] <= '9') ||
	        ((s[n] | 32) >= 'a' && (s[n] | 32) <= 'z') || s[n] == '$'))
		n++;
	while (n && s[n - 1] == '.')
		n--;
	return n == strlen(gold) && !strncmp(s, gold, n);
}

/* Each task's metric: 1 for a right answer, partial credit for sentence. */
static const struct metric {
	const char *task;
	double (*score)(const char *gold, const char *ans);
} metrics[] = {
    {"sentence", word_recall},
    {"function", same_name},
    {"entity", contains_norm},
    {"kv", contains_norm},
};

static const struct metric *metric_of(const char *task)
{
	for (size_t i = 0; task && i < sizeof(metrics) / sizeof(*metrics); i++)
		if (!strcmp(task, metrics[i].task))
			return &metrics[i];
	return NULL;
}

static const cJSON *probe_answer(const cJSON *gold)
{
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows");
	return cJSON_GetArrayItem(cJSON_GetArrayItem(rows, 0), 0);
}

int score_probe_check(const cJSON *gold, const cJSON *probe, struct err *e)
{
	const char *task = json_str(probe, "task");
	const cJSON *cell = probe_answer(gold);
	if (!task)
		return err_set(e, ERR_INPUT, "probe has no \"task\"");
	if (!cJSON_IsString(cell) && !cJSON_IsNumber(cell))
		return err_set(e, ERR_INPUT, "probe gold is not [[answer]]");
	if (!metric_of(task))
		return err_set(e, ERR_INPUT, "unknown probe task '%s'", task);
	return 0;
}

int score_probe(struct scorer *s, const cJSON *gold, const cJSON *probe,
                const char *reply, struct score_result *r, struct err *e)
{
	if (score_probe_check(gold, probe, e))
		return -1;
	const char *task = json_str(probe, "task");
	const cJSON *cell = probe_answer(gold);
	struct sbuf gb = SBUF_INIT;
	if (cJSON_IsString(cell))
		sbuf_adds(&gb, cell->valuestring);
	else
		json_add_num(&gb, cell->valuedouble);
	char *ans = answer_text(s, reply);
	r->score = metric_of(task)->score(gb.buf, ans);
	sbuf_adds(&r->labels, "{\"task\":");
	json_add_str(&r->labels, task);
	sbuf_adds(&r->labels, ",\"answer\":");
	json_add_str(&r->labels, ans);
	sbuf_adds(&r->labels, ",\"metric\":");
	json_add_num(&r->labels, r->score);
	sbuf_addch(&r->labels, '}');
	free(ans);
	sbuf_release(&gb);
	return 0;
}
