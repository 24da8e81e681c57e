/* Built-in models: the reader baseline (gen's reader and probe answerers) and
 * an always-empty one. */
#include "run/provider_builtin.h"

#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/sbuf.h"
#include "probe/probe.h"
#include "gen/reader.h"
#include "run/instance.h"
#include "run/provider.h"

bool builtin_known(const char *model)
{
	return !strcmp(model, "reader") || !strcmp(model, "empty");
}

const char *builtin_names(void)
{
	return "reader, empty";
}

static int reader(const struct instance *in, struct sbuf *out, struct err *e)
{
	if (in->probe)
		return probe_answer(in->json, out, e);
	if (in->db && in->sql)
		return reader_answer(in->db, json_str(in->json, "db_sha256"),
		                     in->sql, in->context ? in->context : "",
		                     in->context_len, out, e);
	return err_set(e, ERR_INPUT,
	               "builtin/reader cannot answer this instance: it has "
	               "neither a probe object nor db and sql");
}

void builtin_answer(const char *model, const struct instance *in,
                    struct reply *r)
{
	struct err e = ERR_INIT;
	reply_set(&r->model_id, model);
	if (!strcmp(model, "empty")) {
		sbuf_adds(&r->text, "Final answer: []");
	} else if (reader(in, &r->text, &e)) {
		r->status = REPLY_ERROR;
		reply_set(&r->error, e.msg);
		return;
	}
	r->status = REPLY_OK;
	reply_set(&r->finish_reason, "stop");
}

void builtin_setup(const struct locate *where)
{
	reader_setup(where);
}

void builtin_cleanup(void)
{
	reader_cleanup();
}

const struct provider provider_builtin = {
    .name = "builtin",
    .kind = PROVIDER_BUILTIN,
};
