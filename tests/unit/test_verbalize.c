/* Unit tests of gen/verbalize: templates to sentences and back. */
#include "tests/unit/check.h"

#include "common/err.h"
#include "common/sbuf.h"
#include "gen/verbalize.h"

static const char *cols[] = {"name", "age", "height", "city"};
static const char aff[] = "tirt";

static struct vtemplate *mk(const char *text, struct err *e)
{
	return vtemplate_new(text, cols, aff, 4, e);
}

static void render(const char *text, const char *const *vals, const char *want)
{
	struct err e = ERR_INIT;
	struct sbuf out = SBUF_INIT;
	struct vtemplate *t = mk(text, &e);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(vtemplate_render(t, vals, &out, &e) == 0);
	CHECK_STR(out.buf, want);
	sbuf_release(&out);
	vtemplate_free(t);
}

TEST(render_optional_segments)
{
	const char *full[] = {"Ada", "41", "1.7", "Lyon"};
	const char *nulls[] = {"Ada", "41", NULL, "Lyon"};
	const char *tpl = "{name}, {age}, lives in {city}[, {height} m tall].";
	render(tpl, full, "Ada, 41, lives in Lyon, 1.7 m tall.");
	render(tpl, nulls, "Ada, 41, lives in Lyon.");
}

TEST(render_escapes)
{
	const char *v[] = {"Ada", "41", "1.7", "Lyon"};
	render("\\[{name}\\] \\{{age}\\} \\\\ {height} {city}", v,
	       "[Ada] {41} \\ 1.7 Lyon");
}

static void bad(const char *text, const char *want)
{
	struct err e = ERR_INIT;
	struct vtemplate *t = mk(text, &e);
	CHECK(t == NULL);
	if (!strstr(e.msg, want))
		fprintf(stderr, "message '%s' lacks '%s'\n", e.msg, want);
	CHECK(strstr(e.msg, want) != NULL);
	vtemplate_free(t);
}

TEST(load_errors)
{
	bad("{name} {age} {height} {city} {colour}", "unknown column 'colour'");
	bad("{name} {age} {height}", "column 'city' is not named");
	bad("{name} {name} {age} {height} {city}", "column 'name' named twice");
	bad("{name} [{age} [{height}]] {city}", "nested '['");
	bad("{name} {age}] {height} {city}", "unmatched ']'");
	bad("{name} [{age} {height} {city}", "unclosed '['");
	bad("{name {age} {height} {city}", "unknown column");
	bad("{name} {age}\n{height} {city}", "the template holds a line break");
	bad("{name} {age}\r{height} {city}", "the template holds a line break");
}

TEST(value_fits)
{
	CHECK(vtemplate_value_fits('i', "-41", 3));
	CHECK(!vtemplate_value_fits('i', "0.5", 3));
	CHECK(!vtemplate_value_fits('i', "41 ", 3));
	CHECK(vtemplate_value_fits('r', "1.0e+20", 7));
	CHECK(vtemplate_value_fits('r', "-Inf", 4));
	CHECK(!vtemplate_value_fits('r', "abc", 3));
	CHECK(vtemplate_value_fits('t', "any text", 8));
}

TEST(null_outside_segment)
{
	struct err e = ERR_INIT;
	struct sbuf out = SBUF_INIT;
	const char *v[] = {"Ada", NULL, "1.7", "Lyon"};
	struct vtemplate *t = mk("{name} is {age}[, {height}] in {city}.", &e);
	CHECK(vtemplate_render(t, v, &out, &e) == -1);
	CHECK(strstr(e.msg, "column 'age' is NULL") != NULL);
	sbuf_release(&out);
	vtemplate_free(t);
}

TEST(parse_back)
{
	struct err e = ERR_INIT;
	size_t off[8];
	const char *line = "Ada Moss (41) from Le Puy (a city), 1.75 m.";
	struct vtemplate *t =
	    mk("{name} ({age}) from {city} (a city)[, {height} m].", &e);
	CHECK(vtemplate_parse(t, line, strlen(line), off) == 1);
	CHECK(off[0] == 0 && off[1] == 8);
	CHECK(!strncmp(line + off[2], "41", off[3] - off[2]));
	CHECK(!strncmp(line + off[4], "1.75", off[5] - off[4]));
	CHECK(!strncmp(line + off[6], "Le Puy", off[7] - off[6]));
	const char *nul = "Ada (41) from Lyon (a city).";
	CHECK(vtemplate_parse(t, nul, strlen(nul), off) == 1);
	CHECK(off[4] == (size_t)-1 && off[5] == (size_t)-1);
	/* an integer column does not take words; trailing text is not ignored
	 */
	const char *no = "Ada (forty) from Lyon (a city).";
	CHECK(vtemplate_parse(t, no, strlen(no), off) == 0);
	const char *tail = "Ada (41) from Lyon (a city). And more";
	CHECK(vtemplate_parse(t, tail, strlen(tail), off) == 0);
	vtemplate_free(t);
}

TEST(literals_with_regex_characters)
{
	struct err e = ERR_INIT;
	size_t off[8];
	const char *line = "$12.5 (x*) [Ada]? 3+ {Lyon} ^";
	struct vtemplate *t =
	    mk("${height} (x*) \\[{name}\\]? {age}+ \\{{city}\\} ^", &e);
	CHECK(t != NULL);
	CHECK(vtemplate_parse(t, line, strlen(line), off) == 1);
	CHECK(!strncmp(line + off[0], "Ada", 3) && off[1] - off[0] == 3);
	CHECK(!strncmp(line + off[4], "12.5", 4));
	vtemplate_free(t);
}
