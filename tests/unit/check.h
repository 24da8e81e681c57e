/* Minimal unit-test harness: TEST(name) cases, CHECK(cond), one case per process run. */
#ifndef CTX_CHECK_H
#define CTX_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Each TEST(name) registers itself; tests/unit/meson.build reads the TEST(...)
 * lines of the file and registers one meson test per case, so a failure names
 * the case. Run a binary with no argument to run every case.
 */
typedef void (*test_fn)(void);
static struct {
	const char *name;
	test_fn fn;
} test_cases[256];
static int test_ncases;
static int check_failures;

static inline void test_register(const char *name, test_fn fn)
{
	if (test_ncases < 256) {
		test_cases[test_ncases].name = name;
		test_cases[test_ncases++].fn = fn;
	}
}

#define TEST(name)                                                          \
	static void test_##name(void);                                      \
	__attribute__((constructor)) static void test_reg_##name(void)      \
	{                                                                   \
		test_register(#name, test_##name);                          \
	}                                                                   \
	static void test_##name(void)

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, \
				__LINE__, #cond);                           \
			check_failures++;                                   \
		}                                                           \
	} while (0)

#define CHECK_STR(a, b)                                                     \
	do {                                                                \
		const char *a_ = (a), *b_ = (b);                            \
		if (!a_ || !b_ || strcmp(a_, b_)) {                         \
			fprintf(stderr, "%s:%d: '%s' != '%s'\n", __FILE__,    \
				__LINE__, a_ ? a_ : "(null)",               \
				b_ ? b_ : "(null)");                        \
			check_failures++;                                   \
		}                                                           \
	} while (0)

int main(int argc, char **argv)
{
	int ran = 0;
	for (int i = 0; i < test_ncases; i++) {
		if (argc > 1 && strcmp(argv[1], test_cases[i].name))
			continue;
		test_cases[i].fn();
		ran++;
	}
	if (!ran) {
		fprintf(stderr, "no test case named '%s'\n", argc > 1 ? argv[1] : "");
		return 1;
	}
	return check_failures ? 1 : 0;
}

#endif
