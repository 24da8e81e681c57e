/* JSON helpers over cJSON for reading, and fast hand-rolled writing into an sbuf. */
#ifndef CTX_JSON_H
#define CTX_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct err;
struct sbuf;

/* Parses text (need not be NUL-terminated); NULL and e filled (with the byte offset) on error. Caller frees with cJSON_Delete. */
cJSON *json_parse(const char *text, size_t len, struct err *e);
/*
 * json_parse for large documents (a tokenizer.json): every node and string
 * goes into one arena, so there is no malloc and free per node. Free the
 * tree with json_arena_free(*arena), never cJSON_Delete; nothing in it may be
 * detached or added to. Not reentrant: cJSON's allocation hooks are global.
 */
struct json_arena;
cJSON *json_parse_arena(const char *text, size_t len, struct json_arena **arena,
                        struct err *e);
void json_arena_free(struct json_arena *a);
/* Reads and parses a whole file; NULL and e filled on error. */
cJSON *json_read_file(const char *path, struct err *e);

/* Borrowed string member, or NULL when missing or not a string. */
const char *json_str(const cJSON *obj, const char *key);
/* Number member into *out; -1 when missing or not a number (out untouched). */
int json_num(const cJSON *obj, const char *key, double *out);
/* Integer member (must be a whole number that fits); -1 otherwise. */
int json_long(const cJSON *obj, const char *key, long long *out);
/* Integer member as json_long reads it, or dflt when it cannot. */
long long json_long_or(const cJSON *obj, const char *key, long long dflt);
/* Boolean member; returns dflt when missing. */
bool json_bool(const cJSON *obj, const char *key, bool dflt);

/* Appends s[0..n) as a quoted JSON string; invalid UTF-8 bytes become U+FFFD. */
void json_add_strn(struct sbuf *out, const char *s, size_t n);
void json_add_str(struct sbuf *out, const char *s);
/* Appends a number: integers without exponent, others with the shortest round-trip form; NaN/inf become null. */
void json_add_num(struct sbuf *out, double v);
/* Appends cJSON value compactly (cJSON_PrintUnformatted). */
void json_add_value(struct sbuf *out, const cJSON *v);
/* True when s[0..n) is valid UTF-8. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t utf8_count(const char *s, size_t n);

#endif
