/* Fault injection, controlled from outside the library (FAULTS.md): WEWORK_STANDIN_FAULTS holds an
 * inline spec "k=v;k=v" or "@/path/to/control-file", re-read whenever the file changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "standin.h"

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static faults_t g_faults;
static int g_parsed;
static long long g_file_mtime_ns = -1;
static long long g_file_size = -1;
static uint64_t g_prng_state;
static uint64_t g_prng_seed = 0;
static long g_network_calls;

static void set_string(char *dst, size_t cap, const char *value) { snprintf(dst, cap, "%s", value); }

static void apply(faults_t *f, const char *key, const char *value) {
    if (!strcmp(key, "seed")) f->seed = strtoull(value, NULL, 10);
    else if (!strcmp(key, "p10001")) f->p10001 = atof(value);
    else if (!strcmp(key, "p10002")) f->p10002 = atof(value);
    else if (!strcmp(key, "p10003")) f->p10003 = atof(value);
    else if (!strcmp(key, "perr_m1")) f->perr_m1 = atof(value);
    else if (!strcmp(key, "perr45009")) f->perr45009 = atof(value);
    else if (!strcmp(key, "perr301058")) f->perr301058 = atof(value);
    else if (!strcmp(key, "max_limit_301058")) f->max_limit_301058 = atol(value);
    else if (!strcmp(key, "latency_ms")) f->latency_ms = atol(value);
    else if (!strcmp(key, "segv_after")) f->segv_after = atol(value);
    else if (!strcmp(key, "segv_once_file")) set_string(f->segv_once_file, sizeof f->segv_once_file, value);
    else if (!strcmp(key, "media_fail_p")) f->media_fail_p = atof(value);
    else if (!strcmp(key, "media_fail_codes")) {
        f->media_fail_code_count = 0;
        char buf[256];
        set_string(buf, sizeof buf, value);
        char *save = NULL;
        for (char *t = strtok_r(buf, ",", &save); t && f->media_fail_code_count < 8; t = strtok_r(NULL, ",", &save)) {
            f->media_fail_codes[f->media_fail_code_count++] = atoi(t);
        }
    } else if (!strcmp(key, "md5_mismatch_p")) f->md5_mismatch_p = atof(value);
    else if (!strcmp(key, "md5_mismatch_ids")) set_string(f->md5_mismatch_ids, sizeof f->md5_mismatch_ids, value);
    else if (!strcmp(key, "empty_md5_p")) f->empty_md5_p = atof(value);
    else if (!strcmp(key, "expired_below")) {
        f->has_expired_below = 1;
        f->expired_below = strtoull(value, NULL, 10);
    } else if (!strcmp(key, "not_whitelisted")) f->not_whitelisted = atoi(value);
    else if (!strcmp(key, "fail_sdkfileids")) set_string(f->fail_sdkfileids, sizeof f->fail_sdkfileids, value);
    /* Unknown keys are ignored so newer specs still load. */
}

static void trim(char **s) {
    while (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n') (*s)++;
    char *end = *s + strlen(*s);
    while (end > *s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) *--end = '\0';
}

static void parse_spec(faults_t *f, const char *spec) {
    memset(f, 0, sizeof *f);
    f->seed = 1;
    char *copy = strdup(spec);
    if (!copy) return;
    char *save = NULL;
    for (char *item = strtok_r(copy, ";\n", &save); item; item = strtok_r(NULL, ";\n", &save)) {
        trim(&item);
        if (!*item || *item == '#') continue;
        char *eq = strchr(item, '=');
        if (!eq) continue;
        *eq = '\0';
        char *key = item, *value = eq + 1;
        trim(&key);
        trim(&value);
        apply(f, key, value);
    }
    free(copy);
}

static void reseed_if_needed(void) {
    if (g_prng_seed != g_faults.seed || g_prng_state == 0) {
        g_prng_seed = g_faults.seed;
        g_prng_state = g_faults.seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
    }
}

void faults_current(faults_t *out) {
    pthread_mutex_lock(&g_lock);
    const char *env = getenv("WEWORK_STANDIN_FAULTS");
    if (env && env[0] == '@') {
        struct stat st;
        if (stat(env + 1, &st) == 0) {
            long long mtime = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
            if (mtime != g_file_mtime_ns || (long long)st.st_size != g_file_size) {
                FILE *file = fopen(env + 1, "r");
                char *text = calloc(1, (size_t)st.st_size + 1);
                if (file && text) {
                    size_t n = fread(text, 1, (size_t)st.st_size, file);
                    text[n] = '\0';
                    parse_spec(&g_faults, text);
                    g_file_mtime_ns = mtime;
                    g_file_size = (long long)st.st_size;
                }
                free(text);
                if (file) fclose(file);
            }
        } else if (g_file_size != -2) {
            parse_spec(&g_faults, ""); /* a missing control file means no faults */
            g_file_size = -2;
            g_file_mtime_ns = -1;
        }
    } else if (!g_parsed) {
        parse_spec(&g_faults, env ? env : "");
    }
    g_parsed = 1;
    reseed_if_needed();
    *out = g_faults;
    pthread_mutex_unlock(&g_lock);
}

static uint64_t splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double faults_random(void) {
    pthread_mutex_lock(&g_lock);
    reseed_if_needed();
    uint64_t v = splitmix64(&g_prng_state);
    pthread_mutex_unlock(&g_lock);
    return (double)(v >> 11) / 9007199254740992.0;
}

long faults_count_network_call(void) {
    pthread_mutex_lock(&g_lock);
    long n = ++g_network_calls;
    pthread_mutex_unlock(&g_lock);
    return n;
}

double faults_hash01(uint64_t seed, const char *label, uint64_t salt) {
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (const unsigned char *p = (const unsigned char *)label; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    h ^= salt * 0x9E3779B97F4A7C15ULL;
    uint64_t state = h;
    return (double)(splitmix64(&state) >> 11) / 9007199254740992.0;
}

int faults_list_contains(const char *csv, const char *item) {
    size_t n = strlen(item);
    for (const char *p = csv; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, item, n) == 0) return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}
