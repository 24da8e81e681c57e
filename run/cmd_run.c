/* ctxbench run: send instances to a model and store every final reply in
 * run.db. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/progress.h"
#include "common/shard.h"
#include "common/xalloc.h"
#include "gen/locate.h"
#include "run/batch.h"
#include "run/cache.h"
#include "run/price.h"
#include "run/prompt.h"
#include "run/provider.h"
#include "run/provider_builtin.h"
#include "run/provider_command.h"
#include "run/rules.h"
#include "run/run.h"
#include "run/store.h"

static const char usage_text[] =
    "usage: ctxbench run INSTANCES.jsonl --model PROVIDER/MODEL -o RUN.db "
    "[options]\n"
    "\n"
    "Sends each instance to the model and records every final reply in RUN.db\n"
    "as it arrives. Re-running the same command resumes: only instances with\n"
    "no reply or an `error` reply are sent again.\n"
    "\n"
    "providers: openai, openai-completions, openai-responses, anthropic,\n"
    "gemini (keys from OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY),\n"
    "azure/DEPLOYMENT (AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY,\n"
    "OPENAI_API_VERSION), vertex/MODEL (GOOGLE_CLOUD_PROJECT,\n"
    "GOOGLE_CLOUD_LOCATION, GOOGLE_OAUTH_ACCESS_TOKEN; or GOOGLE_API_KEY),\n"
    "command/NAME with --command, builtin/reader and builtin/empty\n"
    "\n"
    "  --model P/M            provider and model (required)\n"
    "  -o, --output FILE      run database (required)\n"
    "  --base-url URL         endpoint; repeat to spread over replicas\n"
    "  --command 'PROG ARGS'  command provider program (no shell; prompt on "
    "stdin)\n"
    "  --concurrency N        requests in flight (default 8)\n"
    "  --rpm N, --tpm N       requests / prompt tokens per minute (default no "
    "limit)\n"
    "  --timeout S            whole request limit in seconds (default 600)\n"
    "  --connect-timeout S    connection limit in seconds (default 10)\n"
    "  --max-retries N        retries of 429, 5xx, timeouts (default 6)\n"
    "  --backoff S            first retry delay, doubled each time (default "
    "1)\n"
    "  --temperature T        (default 0; reasoning models: none unless "
    "given)\n"
    "  --max-tokens N         output budget (default: the provider's)\n"
    "  --seed N, --stop TEXT (repeatable)\n"
    "  --reasoning-effort L   none, minimal, low, medium, high, xhigh, max:\n"
    "                         OpenAI reasoning_effort, Anthropic adaptive\n"
    "                         thinking, Gemini thinking level or budget\n"
    "  --thinking-budget N    thinking tokens (Anthropic budget_tokens,\n"
    "                         Gemini thinkingBudget)\n"
    "  --model-rules FILE     model-family rules before the built-in ones\n"
    "                         (docs/providers.md)\n"
    "  --body-extra JSON      merged into each request body (RFC 7386: "
    "objects\n"
    "                         merge, null removes a member)\n"
    "  --header 'Name: value' extra request header (only its name is "
    "recorded)\n"
    "  --prompt-template FILE template with {context} and {question}\n"
    "  --stream               stream replies; records time to first token\n"
    "  --price-table FILE     {\"MODEL\": {\"input\": USD, \"output\": USD}} "
    "per million tokens\n"
    "  --price IN,OUT         this model's USD per million prompt and output "
    "tokens\n"
    "  --max-cost USD         stop sending once the spend recorded in RUN.db\n"
    "                         (earlier runs into it included) reaches USD\n"
    "  --limit N              only the first N instances\n"
    "  --shard K/N            only the instances of shard K of N (K from 0),\n"
    "                         by a hash of the id: one task of a job array,\n"
    "                         e.g. --shard "
    "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\n"
    "  --batch                through the provider's batch API (openai,\n"
    "                         anthropic, gemini): half the price; resumable\n"
    "  --poll-interval S      --batch: seconds between polls (default 30)\n"
    "  --status               --batch: print where each batch stands, once\n"
    "  --batch-size N         --batch: requests per batch at most (default:\n"
    "                         the provider's limit)\n"
    "  --batch-retry batch|online  --batch: where expired and failed items\n"
    "                         go again (default batch)\n"
    "  --no-cache             do not read or write the response cache\n"
    "                         ($CTXBENCH_CACHE, default "
    "~/.cache/ctxbench/cache.db)\n"
    "  --db NAME=PATH         builtin/reader: the database instances call "
    "NAME\n"
    "                         (default: found beside INSTANCES.jsonl, as\n"
    "                         validate finds it); repeatable\n"
    "  --templates [NAME=]FILE builtin/reader: verbalize.json of the\n"
    "                         instances' database (of NAME); repeatable\n"
    "\n"
    "Exit status: 0 all ok, 4 some instances ended non-ok, 1 failure,\n"
    "interrupted, or stopped at --max-cost with instances not sent.\n";

enum {
	O_MODEL = 256,
	O_BASE,
	O_COMMAND,
	O_CONC,
	O_RPM,
	O_TPM,
	O_TIMEOUT,
	O_CTIMEOUT,
	O_RETRIES,
	O_BACKOFF,
	O_TEMP,
	O_MAXTOK,
	O_SEED,
	O_STOP,
	O_EXTRA,
	O_HEADER,
	O_TEMPLATE,
	O_STREAM,
	O_PRICE,
	O_MAXCOST,
	O_LIMIT,
	O_NOCACHE,
	O_SHARD,
	O_DB,
	O_TEMPLATES,
	/* reasoning models (issue 15) */
	O_EFFORT,
	O_BUDGET,
	O_RULES,
	O_PRICE_IO,
	/* batch mode (issue 16) */
	O_BATCH,
	O_POLL,
	O_STATUS,
	O_BATCH_SIZE,
	O_BATCH_RETRY,
};

static const struct option longopts[] = {
    {"model", 1, 0, O_MODEL},
    {"output", 1, 0, 'o'},
    {"base-url", 1, 0, O_BASE},
    {"command", 1, 0, O_COMMAND},
    {"concurrency", 1, 0, O_CONC},
    {"rpm", 1, 0, O_RPM},
    {"tpm", 1, 0, O_TPM},
    {"timeout", 1, 0, O_TIMEOUT},
    {"connect-timeout", 1, 0, O_CTIMEOUT},
    {"max-retries", 1, 0, O_RETRIES},
    {"backoff", 1, 0, O_BACKOFF},
    {"temperature", 1, 0, O_TEMP},
    {"max-tokens", 1, 0, O_MAXTOK},
    {"seed", 1, 0, O_SEED},
    {"stop", 1, 0, O_STOP},
    {"body-extra", 1, 0, O_EXTRA},
    {"header", 1, 0, O_HEADER},
    {"prompt-template", 1, 0, O_TEMPLATE},
    {"stream", 0, 0, O_STREAM},
    {"price-table", 1, 0, O_PRICE},
    {"max-cost", 1, 0, O_MAXCOST},
    {"limit", 1, 0, O_LIMIT},
    {"no-cache", 0, 0, O_NOCACHE},
    {"shard", 1, 0, O_SHARD},
    {"db", 1, 0, O_DB},
    {"templates", 1, 0, O_TEMPLATES},
    {"reasoning-effort", 1, 0, O_EFFORT},
    {"thinking-budget", 1, 0, O_BUDGET},
    {"model-rules", 1, 0, O_RULES},
    {"price", 1, 0, O_PRICE_IO},
    {"batch", 0, 0, O_BATCH},
    {"poll-interval", 1, 0, O_POLL},
    {"status", 0, 0, O_STATUS},
    {"batch-size", 1, 0, O_BATCH_SIZE},
    {"batch-retry", 1, 0, O_BATCH_RETRY},
    {"help", 0, 0, 'h'},
    {0, 0, 0, 0},
};

struct args {
	struct settings s;
	struct model_rule rule;
	struct wire wire;
	struct run_opts o;
	const char *input, *output, *template_path, *price_path, *price_io;
	long long limit;
	struct shard shard;
	bool no_cache;
	struct sbuf tmpl;
	struct strlist dbs, tpls; /* builtin/reader's --db, --templates */
	struct locate where;
	struct batch_opts batch;
	bool batch_on, batch_opt; /* --batch; a batch-only option given */
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	stop_flag = sig;
}

/* The effort words the providers document (docs/providers.md); which of them
 * a model takes is the provider's to say. */
static int reasoning_effort(struct settings *s, const char *v, struct err *e)
{
	static const char *const words[] = {"none", "minimal", "low", "medium",
	                                    "high", "xhigh",   "max"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(v, words[i])) {
			free(s->reasoning_effort);
			s->reasoning_effort = xstrdup(v);
			return 0;
		}
	return err_set(e, ERR_USAGE,
	               "--reasoning-effort wants none, minimal, low, medium, "
	               "high, xhigh or max, not '%s'",
	               v);
}

static int batch_option(struct args *a, int c, const char *v, struct err *e);

static int option(struct args *a, int c, const char *v, struct err *e)
{
	struct settings *s = &a->s;
	long long n = 0;
	switch (c) {
	case O_MODEL: {
		const char *slash = strchr(v, '/');
		if (!slash || slash == v || !slash[1])
			return err_set(e, ERR_USAGE,
			               "--model wants PROVIDER/MODEL, not '%s'",
			               v);
		s->provider = xstrndup(v, (size_t)(slash - v));
		s->model = xstrdup(slash + 1);
		return 0;
	}
	case 'o':
		a->output = v;
		return 0;
	case O_BASE:
		strlist_push(&s->base_urls, v);
		return 0;
	case O_COMMAND:
		return command_split(v, &s->command, e);
	case O_CONC:
		if (parse_long(v, "--concurrency", 1, 100000, &n, e))
			return -1;
		a->o.concurrency = (long)n;
		return 0;
	case O_RPM:
		return parse_double(v, "--rpm", 0, 1e12, &a->o.rpm, e);
	case O_TPM:
		return parse_double(v, "--tpm", 0, 1e15, &a->o.tpm, e);
	case O_TIMEOUT:
		return parse_double(v, "--timeout", 0, 1e7, &a->o.timeout, e);
	case O_CTIMEOUT:
		return parse_double(v, "--connect-timeout", 0, 1e6,
		                    &a->o.connect_timeout, e);
	case O_RETRIES:
		if (parse_long(v, "--max-retries", 0, 1000, &n, e))
			return -1;
		a->o.max_retries = (int)n;
		return 0;
	case O_BACKOFF:
		return parse_double(v, "--backoff", 0, 3600, &a->o.backoff, e);
	case O_TEMP:
		s->has_temperature = true;
		return parse_double(v, "--temperature", 0, 100, &s->temperature,
		                    e);
	case O_MAXTOK:
		return parse_long(v, "--max-tokens", 1, 100000000,
		                  &s->max_tokens, e);
	case O_SEED:
		s->has_seed = true;
		return parse_long(v, "--seed", -(1LL << 53), 1LL << 53,
		                  &s->seed, e);
	case O_STOP:
		strlist_push(&s->stop, v);
		return 0;
	case O_EXTRA:
		cJSON_Delete(s->body_extra);
		s->body_extra = cJSON_Parse(v);
		if (!cJSON_IsObject(s->body_extra))
			return err_set(e, ERR_USAGE,
			               "--body-extra wants a JSON object");
		return 0;
	case O_HEADER:
		if (!strchr(v, ':') || *v == ':')
			return err_set(e, ERR_USAGE,
			               "--header wants 'Name: value'");
		strlist_push(&s->headers, v);
		return 0;
	case O_TEMPLATE:
		a->template_path = v;
		return 0;
	case O_STREAM:
		s->stream = true;
		return 0;
	case O_PRICE:
		a->price_path = v;
		return 0;
	case O_MAXCOST:
		return parse_double(v, "--max-cost", 0, 1e9, &a->o.max_cost, e);
	case O_LIMIT:
		return parse_long(v, "--limit", 1, 1LL << 40, &a->limit, e);
	case O_NOCACHE:
		a->no_cache = true;
		return 0;
	case O_SHARD:
		return shard_parse(v, "--shard", &a->shard, e);
	case O_DB:
		strlist_push(&a->dbs, v);
		return 0;
	case O_TEMPLATES:
		strlist_push(&a->tpls, v);
		return 0;
	case O_EFFORT:
		return reasoning_effort(s, v, e);
	case O_BUDGET:
		return parse_long(v, "--thinking-budget", 0, 100000000,
		                  &s->thinking_budget, e);
	case O_RULES:
		free(s->rules_path);
		s->rules_path = xstrdup(v);
		return 0;
	case O_PRICE_IO:
		a->price_io = v;
		return 0;
	case O_BATCH:
		a->batch_on = true;
		return 0;
	}
	return batch_option(a, c, v, e);
}

/* The options of batch mode. */
static int batch_option(struct args *a, int c, const char *v, struct err *e)
{
	long long n;
	a->batch_opt = true;
	switch (c) {
	case O_POLL:
		return parse_double(v, "--poll-interval", 0, 86400,
		                    &a->batch.poll_interval, e);
	case O_STATUS:
		a->batch.status_only = true;
		return 0;
	case O_BATCH_SIZE:
		if (parse_long(v, "--batch-size", 1, 1000000, &n, e))
			return -1;
		a->batch.size = (long)n;
		return 0;
	case O_BATCH_RETRY:
		if (strcmp(v, "batch") && strcmp(v, "online"))
			return err_set(e, ERR_USAGE,
			               "--batch-retry wants batch or online, not "
			               "'%s'",
			               v);
		a->batch.retry = strcmp(v, "online") ? BATCH_RETRY_BATCH
		                                     : BATCH_RETRY_ONLINE;
		return 0;
	}
	return err_set(e, ERR_USAGE, "unknown option");
}

static int parse_args(struct args *a, int argc, char **argv, struct err *e)
{
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return err_set(e, ERR_USAGE,
			               "unknown or incomplete option '%s'",
			               argv[optind - 1]);
		if (option(a, c, optarg, e))
			return -1;
	}
	if (optind != argc - 1)
		return err_set(e, ERR_USAGE,
		               "give exactly one INSTANCES.jsonl");
	a->input = argv[optind];
	if (!a->s.model)
		return err_set(e, ERR_USAGE,
		               "--model PROVIDER/MODEL is required");
	if (!a->output)
		return err_set(e, ERR_USAGE, "-o RUN.db is required");
	/* SQLite would make "" a temporary database, gone at exit */
	if (!*a->output)
		return err_set(e, ERR_USAGE, "-o wants a file name, not ''");
	return 0;
}

/* The provider, its endpoints and key: what the command line must agree with.
 */
static int check_provider(struct args *a, struct err *e)
{
	struct settings *s = &a->s;
	const struct provider *p = provider_find(s->provider);
	if (!p)
		return err_set(e, ERR_USAGE,
		               "unknown provider '%s' (known: %s)", s->provider,
		               provider_names());
	a->o.p = p;
	if (p->kind == PROVIDER_BUILTIN && !builtin_known(s->model))
		return err_set(e, ERR_USAGE,
		               "unknown builtin model '%s' (known: %s)",
		               s->model, builtin_names());
	if ((p->kind == PROVIDER_COMMAND) != (s->command.n > 0))
		return err_set(e, ERR_USAGE,
		               "--command goes with --model command/NAME, and "
		               "only with it");
	if ((a->dbs.n || a->tpls.n) &&
	    (p->kind != PROVIDER_BUILTIN || strcmp(s->model, "reader")))
		return err_set(e, ERR_USAGE,
		               "--db and --templates go with --model "
		               "builtin/reader, and only with it");
	locate_init(&a->where, a->input);
	for (size_t i = 0; i < a->dbs.n; i++)
		if (locate_add_db(&a->where, a->dbs.v[i], e))
			return -1;
	for (size_t i = 0; i < a->tpls.n; i++)
		if (locate_add_templates(&a->where, a->tpls.v[i], e))
			return -1;
	if (p->kind == PROVIDER_BUILTIN)
		builtin_setup(&a->where);
	if (p->kind != PROVIDER_HTTP) {
		if (s->reasoning_effort || s->thinking_budget >= 0)
			return err_set(
			    e, ERR_USAGE,
			    "--reasoning-effort and --thinking-budget "
			    "go with hosted providers, not %s",
			    s->provider);
		return 0;
	}
	bool url_given = s->base_urls.n > 0;
	if (p->setup) {
		if (p->setup(s, &a->o.key, e))
			return -1;
	} else if (!url_given) {
		strlist_push(&s->base_urls, p->default_url);
	}
	for (size_t i = 0; i < s->base_urls.n; i++) {
		size_t n = strlen(s->base_urls.v[i]);
		while (n > 1 && s->base_urls.v[i][n - 1] == '/')
			s->base_urls.v[i][--n] = '\0';
		if (provider_check_url(s->base_urls.v[i], "--base-url", e))
			return -1;
	}
	if (!p->setup)
		a->o.key = getenv(p->key_env);
	/* a hosted API without its key can only fail: say so before sending
	 * anything; a --base-url server (vLLM, llama.cpp...) may need none */
	if (!p->setup && (!a->o.key || !*a->o.key) && !url_given)
		return err_set(
		    e, ERR_USAGE,
		    "%s is not set; export it, or give --base-url for "
		    "a server that needs no key",
		    p->key_env);
	/* what the model accepts decides what is sent, once for the run */
	if (rules_find(s->rules_path, p->api, s->model, &a->rule, e))
		return -1;
	if (wire_init(&a->wire, p, s, &a->rule, a->o.key, e))
		return -1;
	a->o.wire = &a->wire;
	return 0;
}

/* Batch mode goes with a provider that has a batch service. */
static int check_batch(struct args *a, struct err *e)
{
	if (a->batch_opt && !a->batch_on)
		return err_set(e, ERR_USAGE,
		               "--poll-interval, --status, --batch-size and "
		               "--batch-retry go with --batch");
	if (!a->batch_on)
		return 0;
	if (!bapi_find(a->o.p))
		return err_set(e, ERR_USAGE,
		               "--batch: %s has no batch API here (openai, "
		               "openai-responses, anthropic and gemini do)",
		               a->s.provider);
	if (a->s.stream)
		return err_set(e, ERR_USAGE,
		               "--stream has no meaning with --batch");
	a->batch.o = &a->o;
	return 0;
}

/* Prices before anything is sent: --max-cost cannot hold without one. */
static int load_prices(struct args *a, struct err *e)
{
	struct price *p = price_load(a->price_path, e);
	a->o.price = p;
	if (!p || (a->price_io && price_set(p, a->s.model, a->price_io, e)))
		return -1;
	if (a->o.max_cost > 0 && a->o.p->kind == PROVIDER_HTTP &&
	    !price_known(p, a->s.model))
		return err_set(e, ERR_USAGE,
		               "--max-cost: no price is known for '%s'; give "
		               "--price IN,OUT (USD per million prompt and "
		               "output tokens) or --price-table FILE",
		               a->s.model);
	return 0;
}

static int setup(struct args *a, struct err *e)
{
	if (check_provider(a, e))
		return -1;
	if (a->template_path) {
		if (sbuf_read_file(&a->tmpl, a->template_path, e))
			return -1; /* the message names the file */
		if (prompt_check(a->tmpl.buf, e))
			return err_prefix(e, "'%s'", a->template_path);
	} else {
		sbuf_adds(&a->tmpl, prompt_default());
	}
	a->o.tmpl = a->tmpl.buf;
	return check_batch(a, e) || load_prices(a, e) ? -1 : 0;
}

static int finish(struct args *a, struct run_result *r,
                  const long long prior[REPLY_FINAL_N], size_t total,
                  size_t to_send)
{
	long long ok = r->status[REPLY_OK] + prior[REPLY_OK], sent = 0;
	for (int i = 0; i < REPLY_FINAL_N; i++)
		sent += r->status[i];
	if (r->fatal) {
		fprintf(stderr, "ctxbench: error: %s\n", r->fatal_msg);
		return EXIT_RUNTIME;
	}
	if (r->interrupted) {
		fprintf(stderr, "ctxbench: error: interrupted; %srun the same "
		                "command again to resume\n",
		        a->batch_on ? "the batches keep running at the "
		                      "provider: "
		                    : "");
		return EXIT_RUNTIME;
	}
	if (r->cost_stop && sent < (long long)to_send) {
		fprintf(stderr,
		        "ctxbench: error: stopped at --max-cost %.4f: $%.4f "
		        "spent on '%s' (earlier runs included), %lld "
		        "instances not sent; raise --max-cost and run the same "
		        "command to resume\n",
		        a->o.max_cost, a->o.prior_cost + r->cost, a->output,
		        (long long)to_send - sent);
		return EXIT_RUNTIME;
	}
	return ok == (long long)total ? EXIT_OK : EXIT_ITEMS;
}

/* run.db records --shard K/N as meta 'shard' (written with the other meta
 * keys when the file is new); resuming takes the same --shard. */
static int shard_meta(struct store *st, const struct shard *sh, struct err *e)
{
	char *fmt = store_meta_get(st, "format"), *old = NULL;
	struct sbuf want = SBUF_INIT;
	int rc = 0;
	if (sh->n)
		shard_name(sh, &want);
	if (!fmt) {
		struct meta_kv kv = {"shard", want.buf, true};
		if (sh->n)
			rc = store_meta(st, &kv, 1, e);
	} else if ((old = store_meta_get(st, "shard")) || sh->n) {
		if (!old)
			rc = err_set(e, ERR_USAGE,
			             "it was made without --shard; use another "
			             "-o file for a sharded run");
		else if (!sh->n)
			rc = err_set(e, ERR_USAGE,
			             "it was made with --shard %s; give the "
			             "same --shard to resume it",
			             old);
		else if (strcmp(old, want.buf))
			rc = err_set(e, ERR_USAGE,
			             "it was made with --shard %s, not %s; use "
			             "another -o file for each shard",
			             old, want.buf);
	}
	free(fmt);
	free(old);
	sbuf_release(&want);
	return rc;
}

/* Batch mode: the batches, then what goes online (--batch-retry online). */
static int run_batch(struct args *a, struct run_set *set,
                     struct run_result *res, struct err *e)
{
	struct run_item *online = NULL;
	struct run_result more;
	size_t n = 0;
	int rc = batch_run(&a->batch, set->items, set->n, res, &online, &n, e);
	if (!rc && n && !res->interrupted && !res->cost_stop) {
		struct run_opts o = a->o;
		o.prior_cost += res->cost;
		fprintf(stderr, "ctxbench: batch: %zu instances go online\n", n);
		if (!(rc = run_exec(&o, online, n, &more, e))) {
			for (int i = 0; i < REPLY_FINAL_N; i++)
				res->status[i] += more.status[i];
			res->attempts += more.attempts;
			res->cached += more.cached;
			res->cost += more.cost;
			res->interrupted |= more.interrupted;
			res->cost_stop |= more.cost_stop;
			res->fatal |= more.fatal;
			memcpy(res->fatal_msg, more.fatal_msg,
			       sizeof(res->fatal_msg));
		}
	}
	run_items_free(online, n);
	return rc;
}

static int execute(struct args *a, struct err *e)
{
	struct store st = {0};
	struct run_set set = {0};
	struct sbuf sum = SBUF_INIT;
	struct run_meta m;
	struct run_result res;
	int rc = -1;
	double t0 = now_sec();
	bool existed = access(a->output, F_OK) == 0;
	run_meta_init(&m, &a->s, &a->rule, a->o.wire, a->tmpl.buf, a->input,
	              "");
	if (store_open(&st, a->output, e))
		goto out;
	a->o.settings_json = m.settings.buf;
	a->o.request_json = a->o.wire ? m.request.buf : NULL;
	if (shard_meta(&st, &a->shard, e)) {
		err_prefix(e, "cannot resume into '%s'", a->output);
		goto out;
	}
	if (run_instances(&st, &m, a->input, a->limit, &a->shard, &set, e) ||
	    (!set.in_file &&
	     err_set(e, ERR_INPUT, "'%s' holds no instances (did gen fail?)",
	             a->input))) {
		if (e->kind == ERR_USAGE)
			err_prefix(e, "cannot resume into '%s'", a->output);
		/* bad instances: a run.db made just now would only block the
		 * corrected run (its instances_sha256 differs) */
		else if (!existed)
			store_discard(&st);
		goto out;
	}
	if (a->shard.n)
		fprintf(stderr,
		        "ctxbench: run: shard %lu/%lu holds %zu of the %zu "
		        "instances of '%s'\n",
		        a->shard.k, a->shard.n, set.total, set.in_file,
		        a->input);
	if (store_spent(&st, &a->o.prior_cost, e))
		goto out;
	if (!a->no_cache && a->o.p->kind != PROVIDER_BUILTIN &&
	    !(a->o.cache = cache_open(NULL, e)))
		goto out;
	a->o.store = &st;
	a->o.stop = &stop_flag;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (a->batch_on ? run_batch(a, &set, &res, e)
	                : run_exec(&a->o, set.items, set.n, &res, e))
		goto out;
	if (store_close(&st, e))
		goto out;
	if (a->batch.status_only) {
		rc = EXIT_OK;
		goto out;
	}
	run_summary(&res, set.prior, set.total, now_sec() - t0, &sum);
	fprintf(stderr, "ctxbench: run: %s\n", sum.buf);
	rc = finish(a, &res, set.prior, set.total, set.n);
out:
	if (rc < 0)
		rc = err_report(e);
	cache_free(a->o.cache);
	store_close(&st, NULL);
	run_set_release(&set);
	sbuf_release(&sum);
	run_meta_release(&m);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	struct args a = {0};
	struct err e = ERR_INIT;
	int rc;
	if (argc == 2 && cli_is_help(argv[1])) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	settings_init(&a.s);
	sbuf_init(&a.tmpl);
	a.rule = (struct model_rule){"default", 0};
	a.o.s = &a.s;
	a.o.instances_path = NULL;
	a.o.concurrency = 8;
	a.o.timeout = 600;
	a.o.connect_timeout = 10;
	a.o.max_retries = 6;
	a.o.backoff = 1;
	a.batch.poll_interval = 30;
	for (int i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage_text, stdout);
			return EXIT_OK;
		}
	if (parse_args(&a, argc, argv, &e) || setup(&a, &e)) {
		rc = e.kind == ERR_USAGE ? cli_usage_error("run", "%s", e.msg)
		                         : err_report(&e);
		goto out;
	}
	a.o.instances_path = a.input;
	rc = execute(&a, &e);
out:
	builtin_cleanup();
	price_free((struct price *)a.o.price);
	wire_release(&a.wire);
	settings_release(&a.s);
	sbuf_release(&a.tmpl);
	strlist_release(&a.dbs);
	strlist_release(&a.tpls);
	locate_release(&a.where);
	return rc;
}
