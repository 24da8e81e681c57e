/* Where databases are found: stable names, content hashes, --db NAME=PATH. */
#ifndef CTX_LOCATE_H
#define CTX_LOCATE_H

#include <stdbool.h>

#include "common/parse.h"

struct db;
struct err;

/*
 * A --db value split into the name instances record and the file to open:
 * a bundled NAME (path NULL), a PATH (named by its file's stem: wine_1 for
 * ../data/wine_1.sqlite), or NAME=PATH. Both strings owned.
 */
struct db_spec {
	char *name;
	char *path;
};

/*
 * Parses spec into s. ERR_USAGE (and s left empty) for an unknown bare name,
 * an empty PATH, or a name that cannot be part of an instance id (empty,
 * holding '/', '=' or white space), saying to give NAME=PATH.
 */
int db_spec_parse(const char *spec, struct db_spec *s, struct err *e);
void db_spec_release(struct db_spec *s);
/* True when name is a bundled database (data_dir()/schemas/NAME/db.sql). */
bool db_spec_bundled(const char *name);
/* The sha256 of a file's bytes as 64 hex digits; -1 and e filled (ERR_IO). */
int locate_file_sha(const char *path, char out[65], struct err *e);

/*
 * How validate and the reader find the databases that instances name: the
 * --db NAME=PATH (or PATH) and --templates [NAME=]FILE given, and the
 * folder of the instances file.
 */
struct locate {
	struct strlist names, paths;   /* --db */
	struct strlist tnames, tpaths; /* --templates; "" names every
	                                  instance's own database */
	char *dir; /* folder of the instances file; NULL: the current one */
};

/* instances: the path of the instances file, or NULL. */
void locate_init(struct locate *l, const char *instances);
void locate_release(struct locate *l);
/* Adds a --db value (NAME=PATH, or PATH named by its stem); ERR_USAGE. */
int locate_add_db(struct locate *l, const char *arg, struct err *e);
/* Adds a --templates value: FILE (for each instance's own database) or
 * NAME=FILE (for database NAME); ERR_USAGE when a name is given twice. */
int locate_add_templates(struct locate *l, const char *arg, struct err *e);

/*
 * Opens the database that instances record as name with content hash sha
 * (NULL: any content). Looks at, in order: --db NAME=PATH; the bundled
 * database of that name when its hash matches; SQLite files named NAME.*
 * (or NAME) beside the instances file, then in the current folder; and
 * name itself as a path (instances written before names were stems).
 * own: the instance's own database, which an unnamed --templates is for.
 * NULL and e filled (ERR_INPUT, saying where it looked and to give
 * --db NAME=PATH) when none is found or a found file's hash differs.
 */
struct db *locate_open(const struct locate *l, const char *name,
                       const char *sha, bool own, struct err *e);

#endif
