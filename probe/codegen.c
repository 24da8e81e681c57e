/* Seeded C functions: names from word triples, bodies from templates. */
#include "probe/codegen.h"

#include <stdarg.h>
#include <stdlib.h>

#include "common/err.h"
#include "common/rng.h"
#include "common/sbuf.h"
#include "common/xalloc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const verbs[] = {
    "parse",   "load",    "merge",  "count",   "scale",     "check",   "update",
    "flush",   "build",   "reset",  "apply",   "clamp",     "encode",  "decode",
    "score",   "sort",    "trim",   "split",   "find",      "sum",     "rotate",
    "filter",  "resolve", "render", "compute", "normalize", "collect", "drain",
    "refresh", "tally",   "weigh",  "sample",  "shift",     "mark",    "prune",
    "pack",    "unpack",  "stage",  "audit",   "route",
};
static const char *const nouns[] = {
    "order",  "packet", "sensor",  "ledger",  "invoice", "cache",  "buffer",
    "tile",   "batch",  "account", "voxel",   "frame",   "queue",  "token",
    "record", "bucket", "span",    "vertex",  "shard",   "lease",  "ticket",
    "budget", "grid",   "cursor",  "channel", "patch",   "socket", "region",
    "slot",   "glyph",  "segment", "parcel",  "meter",   "quota",  "cell",
    "lane",   "block",  "chunk",   "entry",   "pixel",
};
static const char *const quals[] = {
    "total", "limit",  "weights", "offsets", "window", "delta",
    "stats", "flags",  "range",   "index",   "bounds", "checksum",
    "peak",  "spread", "margin",  "backlog", "rate",   "mask",
    "drift", "level",  "steps",   "gaps",    "hits",   "load",
};
static const char *const fields[] = {
    "count",   "flags",  "weight", "offset", "width", "height",
    "level",   "score",  "limit",  "size",   "delta", "head",
    "tail",    "depth",  "stride", "state",  "owner", "epoch",
    "retries", "credit", "cost",   "mode",   "seq",   "span",
    "hits",    "misses", "bias",   "phase",  "fill",  "age",
};
static const char *const types[] = {"int",    "long",     "unsigned",
                                    "size_t", "uint32_t", "int64_t"};
static const char *const vars[] = {"acc", "total", "seen", "step", "carry",
                                   "sum", "best",  "cur",  "mask", "hash"};

struct codegen {
	struct rng rng;
	unsigned char *used; /* one flag per (verb, noun, qual) name */
	size_t nused;
};

size_t codegen_capacity(void)
{
	return N(verbs) * N(nouns) * N(quals);
}

struct codegen *codegen_new(uint64_t seed, const char *label)
{
	struct codegen *g = xcalloc(1, sizeof(*g));
	rng_init_label(&g->rng, seed, label);
	g->used = xcalloc(codegen_capacity(), 1);
	return g;
}

void codegen_free(struct codegen *g)
{
	if (!g)
		return;
	free(g->used);
	free(g);
}

static const char *pick(struct codegen *g, const char *const *a, size_t n)
{
	return a[rng_below(&g->rng, n)];
}

static int num(struct codegen *g, int lo, int hi)
{
	return lo + (int)rng_below(&g->rng, (uint64_t)(hi - lo + 1));
}

__attribute__((format(printf, 3, 4))) static void
line(struct sbuf *out, int indent, const char *fmt, ...)
{
	va_list ap;
	for (int i = 0; i < indent; i++)
		sbuf_addch(out, '\t');
	va_start(ap, fmt);
	sbuf_vaddf(out, fmt, ap);
	va_end(ap);
	sbuf_addch(out, '\n');
}

/* The variables and parameter a body talks about. */
struct body {
	const char *a, *b; /* the returned accumulator and a helper */
	char p[3];         /* the struct pointer parameter */
};

/* One statement inside the loop over p[0..n). */
static void loop_stmt(struct codegen *g, const struct body *v, struct sbuf *o)
{
	const char *f = pick(g, fields, N(fields));
	switch (rng_below(&g->rng, 4)) {
	case 0:
		line(o, 2, "%s += %s[i].%s * %d;", v->a, v->p, f,
		     num(g, 2, 97));
		break;
	case 1:
		line(o, 2, "if (%s[i].%s == %d)", v->p, f, num(g, 0, 999));
		line(o, 3, "%s++;", v->b);
		break;
	case 2:
		line(o, 2, "%s ^= %s[i].%s >> %d;", v->b, v->p, f,
		     num(g, 1, 15));
		break;
	default:
		line(o, 2, "%s = %s > %s[i].%s ? %s : %s[i].%s + %d;", v->a,
		     v->a, v->p, f, v->a, v->p, f, num(g, 1, 63));
	}
}

/* One top-level statement of the body, from a dozen templates. */
static void stmt(struct codegen *g, const struct body *v, struct sbuf *o)
{
	const char *f = pick(g, fields, N(fields));
	const char *f2 = pick(g, fields, N(fields));
	switch (rng_below(&g->rng, 10)) {
	case 0:
		line(o, 1, "if (%s->%s > %d)", v->p, f, num(g, 3, 4999));
		line(o, 2, "%s += %s->%s * %d;", v->a, v->p, f2, num(g, 2, 61));
		break;
	case 1:
		line(o, 1, "%s ^= (%s << %d) | %s->%s;", v->a, v->b,
		     num(g, 1, 15), v->p, f);
		break;
	case 2:
		line(o, 1, "%s = %s %% %d + %s->%s;", v->a, v->a,
		     num(g, 7, 9973), v->p, f);
		break;
	case 3:
		line(o, 1, "while (%s > %d)", v->a, num(g, 100, 99999));
		line(o, 2, "%s -= %s->%s + %d;", v->a, v->p, f, num(g, 1, 255));
		break;
	case 4:
		line(o, 1, "%s->%s = %s & 0x%x;", v->p, f, v->a,
		     num(g, 15, 65535));
		break;
	case 5:
		line(o, 1, "if (!%s->%s)", v->p, f);
		line(o, 2, "return %d;", num(g, 0, 4095));
		break;
	case 6:
		line(o, 1, "%s = (%s * %d + %s->%s) / %d;", v->b, v->a,
		     num(g, 3, 257), v->p, f, num(g, 2, 64));
		break;
	case 7:
		line(o, 1, "%s += %s->%s - %s->%s;", v->b, v->p, f, v->p, f2);
		break;
	case 8:
		line(o, 1, "%s = (%s + %s) %% %d;", v->a, v->a, v->b,
		     num(g, 11, 65521));
		break;
	default:
		line(o, 1, "for (size_t i = 0; i < n; i++) {");
		for (int k = num(g, 1, 2); k > 0; k--)
			loop_stmt(g, v, o);
		line(o, 1, "}");
	}
}

/* Picks an unused name index; sequential probing keeps it finite and seeded. */
static int take_name(struct codegen *g, size_t *idx, struct err *e)
{
	size_t cap = codegen_capacity();
	if (g->nused == cap)
		return err_set(e, ERR_INPUT,
		               "all %zu synthesized function names are used "
		               "(use a smaller --length)",
		               cap);
	size_t i = (size_t)rng_below(&g->rng, cap);
	while (g->used[i])
		i = (i + 1) % cap;
	g->used[i] = 1;
	g->nused++;
	*idx = i;
	return 0;
}

int codegen_next(struct codegen *g, struct sbuf *text, struct sbuf *name,
                 struct err *e)
{
	size_t idx = 0;
	if (take_name(g, &idx, e))
		return -1;
	const char *verb = verbs[idx / (N(nouns) * N(quals))];
	const char *noun = nouns[idx / N(quals) % N(nouns)];
	const char *qual = quals[idx % N(quals)];
	sbuf_addf(name, "%s_%s_%s", verb, noun, qual);

	struct body v;
	size_t ai = (size_t)rng_below(&g->rng, N(vars));
	v.a = vars[ai];
	v.b = vars[(ai + 1 + rng_below(&g->rng, N(vars) - 1)) % N(vars)];
	v.p[0] = noun[0]; /* "or" for an order, "pa" for a packet */
	v.p[1] = noun[1];
	v.p[2] = 0;
	const char *type = pick(g, types, N(types));
	sbuf_addf(text, "static %s %s_%s_%s(struct %s *%s, size_t n)\n{\n",
	          type, verb, noun, qual, noun, v.p);
	line(text, 1, "%s %s = %d;", type, v.a, num(g, 0, 999));
	line(text, 1, "%s %s = 0x%x;", type, v.b, num(g, 1, 4095));
	for (int k = num(g, 3, 6); k > 0; k--)
		stmt(g, &v, text);
	line(text, 1, "return %s;", v.a);
	sbuf_addch(text, '}');
	return 0;
}
