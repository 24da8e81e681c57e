/* Where databases are found: stable names, content hashes, --db NAME=PATH. */
#include "gen/locate.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/sbuf.h"
#include "common/sha256.h"
#include "common/xalloc.h"
#include "gen/db.h"

bool db_spec_bundled(const char *name)
{
	struct sbuf p = SBUF_INIT;
	struct stat st;
	bool yes = *name && !strchr(name, '/') && strcmp(name, ".") &&
	           strcmp(name, "..");
	if (yes) {
		sbuf_addf(&p, "%s/schemas/%s/db.sql", data_dir(), name);
		yes = !stat(p.buf, &st);
	}
	sbuf_release(&p);
	return yes;
}

/* A name becomes part of every instance id ("NAME/q01/L4096/..."). */
static bool name_ok(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || c == '/' || c == '=')
			return false;
	}
	return true;
}

/* The file name of path without its last extension: wine_1 for
 * "../data/wine_1.sqlite". */
static void stem(const char *path, const char **s, size_t *n)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	*s = base;
	*n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
}

static bool exists(const char *path)
{
	struct stat st;
	return !stat(path, &st);
}

int db_spec_parse(const char *spec, struct db_spec *s, struct err *e)
{
	const char *eq = strchr(spec, '='), *name;
	size_t n;
	memset(s, 0, sizeof(*s));
	if (db_spec_bundled(spec)) {
		s->name = xstrdup(spec);
		return 0;
	}
	if (eq && !exists(spec)) {
		if (!name_ok(spec, (size_t)(eq - spec)) || !eq[1])
			return err_set(e, ERR_USAGE,
			               "--db '%s': give NAME=PATH with a name "
			               "of no '/', '=' or white space and a "
			               "path",
			               spec);
		s->name = xstrndup(spec, (size_t)(eq - spec));
		s->path = xstrdup(eq + 1);
		return 0;
	}
	if (!exists(spec) && !strchr(spec, '/') && !strchr(spec, '.'))
		return err_set(e, ERR_USAGE,
		               "unknown database '%s': not a bundled database "
		               "nor a file%s",
		               spec,
		               strchr(spec, ',')
		                   ? " (give --db once for each database: --db "
		                     "wine --db store)"
		                   : "");
	stem(spec, &name, &n);
	if (!name_ok(name, n))
		return err_set(e, ERR_USAGE,
		               "cannot name the database '%s' after its file "
		               "(instance ids hold the name, which must not "
		               "be empty nor hold white space or '='): give "
		               "--db NAME=%s",
		               spec, spec);
	s->name = xstrndup(name, n);
	s->path = xstrdup(spec);
	return 0;
}

void db_spec_release(struct db_spec *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->path);
	memset(s, 0, sizeof(*s));
}

int locate_file_sha(const char *path, char out[65], struct err *e)
{
	FILE *f = fopen(path, "rb");
	struct sha256 c;
	char buf[65536];
	size_t n;
	if (!f)
		return err_set(e, ERR_IO, "cannot open '%s': %s", path,
		               strerror(errno));
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&c, buf, n);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return err_set(e, ERR_IO, "cannot read '%s'", path);
	sha256_final_hex(&c, out);
	return 0;
}

void locate_init(struct locate *l, const char *instances)
{
	memset(l, 0, sizeof(*l));
	const char *slash = instances ? strrchr(instances, '/') : NULL;
	if (slash)
		l->dir = xstrndup(instances, (size_t)(slash - instances) + 1);
}

void locate_release(struct locate *l)
{
	if (!l)
		return;
	strlist_release(&l->names);
	strlist_release(&l->paths);
	strlist_release(&l->tnames);
	strlist_release(&l->tpaths);
	free(l->dir);
	memset(l, 0, sizeof(*l));
}

static const char *lookup(const struct strlist *names,
                          const struct strlist *vals, const char *name)
{
	for (size_t i = 0; i < names->n; i++)
		if (!strcmp(names->v[i], name))
			return vals->v[i];
	return NULL;
}

int locate_add_db(struct locate *l, const char *arg, struct err *e)
{
	struct db_spec s;
	if (db_spec_parse(arg, &s, e))
		return -1;
	int rc = 0;
	if (!s.path)
		rc = err_set(e, ERR_USAGE,
		             "--db '%s' names a bundled database, which is "
		             "found without --db; give NAME=PATH or a PATH",
		             arg);
	else if (lookup(&l->names, &l->paths, s.name))
		rc = err_set(e, ERR_USAGE, "--db names '%s' twice", s.name);
	if (!rc) {
		strlist_push(&l->names, s.name);
		strlist_push(&l->paths, s.path);
	}
	db_spec_release(&s);
	return rc;
}

int locate_add_templates(struct locate *l, const char *arg, struct err *e)
{
	const char *eq = strchr(arg, '=');
	bool named = eq && !exists(arg) && name_ok(arg, (size_t)(eq - arg));
	char *name = named ? xstrndup(arg, (size_t)(eq - arg)) : xstrdup("");
	int rc = 0;
	if (lookup(&l->tnames, &l->tpaths, name))
		rc = err_set(e, ERR_USAGE, "--templates %s%s%sgiven twice",
		             *name ? "for '" : "", name, *name ? "' " : "");
	else {
		strlist_push(&l->tnames, name);
		strlist_push(&l->tpaths, named ? eq + 1 : arg);
	}
	free(name);
	return rc;
}

/* True when path is a regular file that starts like an SQLite database. */
static bool is_sqlite(const char *path)
{
	char head[16];
	struct stat st;
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return false;
	FILE *f = fopen(path, "rb");
	bool yes = f && fread(head, 1, 16, f) == 16 &&
	           !memcmp(head, "SQLite format 3", 16);
	if (f)
		fclose(f);
	return yes;
}

/* What a search found: the file to open, and files of other content. */
struct found {
	struct sbuf path;
	struct sbuf other; /* "'a' (sha256 1234...)" of mismatching files */
};

/* Looks in dir (NULL: the current folder) for SQLite files whose stem is
 * name and whose sha256 is sha. */
static int search_dir(const char *dir, const char *name, const char *sha,
                      struct found *f, struct err *e)
{
	DIR *d = opendir(dir ? dir : ".");
	struct sbuf p = SBUF_INIT;
	size_t nlen = strlen(name);
	char got[65];
	int rc = 0;
	for (struct dirent *de; d && !f->path.len && (de = readdir(d));) {
		const char *s;
		size_t n;
		stem(de->d_name, &s, &n);
		if (n != nlen || memcmp(s, name, n))
			continue;
		sbuf_reset(&p);
		sbuf_addf(&p, "%s%s", dir ? dir : "", de->d_name);
		if (!is_sqlite(p.buf))
			continue;
		if (sha && (rc = locate_file_sha(p.buf, got, e)))
			break;
		if (!sha || !strcmp(got, sha))
			sbuf_adds(&f->path, p.buf);
		else
			sbuf_addf(&f->other, "%s'%s' (sha256 %.12s...)",
			          f->other.len ? ", " : "", p.buf, got);
	}
	if (d)
		closedir(d);
	sbuf_release(&p);
	return rc;
}

/* The instances' folder, then the current one unless it is the same. */
static int search(const struct locate *l, const char *name, const char *sha,
                  struct found *f, struct err *e)
{
	if (l->dir && search_dir(l->dir, name, sha, f, e))
		return -1;
	if (f->path.len)
		return 0;
	char *a = l->dir ? realpath(l->dir, NULL) : NULL;
	char *b = realpath(".", NULL);
	int rc = 0;
	if (!a || !b || strcmp(a, b))
		rc = search_dir(NULL, name, sha, f, e);
	free(a);
	free(b);
	return rc;
}

static struct db *open_checked(const char *name, const char *path,
                               const char *tpl, const char *sha,
                               struct err *e)
{
	struct db *db = db_open_at(name, path, tpl, 0, e);
	if (db && sha && strcmp(db->sha256, sha)) {
		err_set(e, ERR_INPUT,
		        "database '%s': '%s' is not the database the instances "
		        "were made from (its sha256 is %.12s..., they record "
		        "%.12s...)",
		        name, path ? path : name, db->sha256, sha);
		db_free(db);
		return NULL;
	}
	return db;
}

static void not_found(const struct locate *l, const char *name,
                      const struct found *f, struct err *e)
{
	if (f->other.len)
		err_set(e, ERR_INPUT,
		        "database '%s': %s %s other data than the instances "
		        "were made from; give --db %s=PATH for the file they "
		        "came from",
		        name, f->other.buf,
		        strchr(f->other.buf, ',') ? "hold" : "holds", name);
	else
		err_set(e, ERR_INPUT,
		        "cannot find database '%s': it is not bundled and no "
		        "SQLite file named %s or %s.* is in '%s'%s; give "
		        "--db %s=PATH",
		        name, name, name, l->dir ? l->dir : ".",
		        l->dir ? " (beside the instances) nor in the current "
		                 "folder"
		               : "",
		        name);
}

struct db *locate_open(const struct locate *l, const char *name,
                       const char *sha, bool own, struct err *e)
{
	const char *path = lookup(&l->names, &l->paths, name);
	const char *tpl = lookup(&l->tnames, &l->tpaths, name);
	struct found f = {SBUF_INIT, SBUF_INIT};
	struct db *db = NULL;
	char got[65];
	if (!tpl && own)
		tpl = lookup(&l->tnames, &l->tpaths, "");
	if (path)
		return open_checked(name, path, tpl, sha, e);
	if (db_spec_bundled(name)) {
		struct sbuf p = SBUF_INIT;
		sbuf_addf(&p, "%s/schemas/%s/db.sql", data_dir(), name);
		bool same = !sha || (!locate_file_sha(p.buf, got, NULL) &&
		                     !strcmp(got, sha));
		sbuf_release(&p);
		if (same)
			return db_open_at(name, NULL, tpl, 0, e);
	}
	if (name_ok(name, strlen(name)) && search(l, name, sha, &f, e))
		goto out;
	if (f.path.len)
		db = db_open_at(name, f.path.buf, tpl, 0, e);
	else if (!f.other.len && is_sqlite(name))
		db = open_checked(name, name, tpl, sha, e);
	else
		not_found(l, name, &f, e);
out:
	sbuf_release(&f.path);
	sbuf_release(&f.other);
	return db;
}
