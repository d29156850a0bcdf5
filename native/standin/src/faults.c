/* Fault injection, controlled from outside the library (FAULTS.md): WEWORK_STANDIN_FAULTS holds an
 * inline spec "k=v;k=v" or "@/path/to/control-file". The spec is re-read when the variable's value
 * changes or the control file's mtime/size changes; every re-read restarts the PRNG from `seed`. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "standin.h"

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static faults_t g_faults = {.seed = 1};
static char *g_env;                 /* the WEWORK_STANDIN_FAULTS value parsed last */
static long long g_file_mtime_ns = -1, g_file_size = -1;
static uint64_t g_prng_state = 1;
static long g_network_calls;

static void set_string(char *dst, size_t cap, const char *value) { snprintf(dst, cap, "%s", value); }

static double probability(const char *value) {
    double p = strtod(value, NULL);
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

static void apply(faults_t *f, const char *key, const char *value) {
    if (!strcmp(key, "seed")) f->seed = strtoull(value, NULL, 10);
    else if (!strcmp(key, "p10001")) f->p10001 = probability(value);
    else if (!strcmp(key, "p10002")) f->p10002 = probability(value);
    else if (!strcmp(key, "p10003")) f->p10003 = probability(value);
    else if (!strcmp(key, "perr_m1")) f->perr_m1 = probability(value);
    else if (!strcmp(key, "perr45009")) f->perr45009 = probability(value);
    else if (!strcmp(key, "perr301058")) f->perr301058 = probability(value);
    else if (!strcmp(key, "max_limit_301058")) f->max_limit_301058 = strtol(value, NULL, 10);
    else if (!strcmp(key, "latency_ms")) f->latency_ms = strtol(value, NULL, 10);
    else if (!strcmp(key, "segv_after")) f->segv_after = strtol(value, NULL, 10);
    else if (!strcmp(key, "segv_once_file")) set_string(f->segv_once_file, sizeof f->segv_once_file, value);
    else if (!strcmp(key, "media_fail_p")) f->media_fail_p = probability(value);
    else if (!strcmp(key, "media_fail_codes")) {
        f->media_fail_code_count = 0;
        for (const char *p = value; *p && f->media_fail_code_count < 16;) {
            char *end = NULL;
            long code = strtol(p, &end, 10);
            if (end == p) break;
            if (code > 0) f->media_fail_codes[f->media_fail_code_count++] = (int)code;
            p = end;
            while (*p == ',' || *p == ' ') p++;
        }
    } else if (!strcmp(key, "md5_mismatch_p")) f->md5_mismatch_p = probability(value);
    else if (!strcmp(key, "md5_mismatch_ids")) set_string(f->md5_mismatch_ids, sizeof f->md5_mismatch_ids, value);
    else if (!strcmp(key, "empty_md5_p")) f->empty_md5_p = probability(value);
    else if (!strcmp(key, "expired_below")) {
        f->has_expired_below = 1;
        f->expired_below = strtoull(value, NULL, 10);
    } else if (!strcmp(key, "retained_from")) {
        f->has_retained_from = 1;
        f->retained_from = strtoull(value, NULL, 10);
    } else if (!strcmp(key, "not_whitelisted")) f->not_whitelisted = atoi(value) != 0;
    else if (!strcmp(key, "fail_sdkfileids")) set_string(f->fail_sdkfileids, sizeof f->fail_sdkfileids, value);
    else if (!strcmp(key, "decrypt_segv_msgids"))
        set_string(f->decrypt_segv_msgids, sizeof f->decrypt_segv_msgids, value);
    else if (!strcmp(key, "decrypt_bad_utf8_msgids"))
        set_string(f->decrypt_bad_utf8_msgids, sizeof f->decrypt_bad_utf8_msgids, value);
    else if (!strcmp(key, "media_segv_sdkfileids"))
        set_string(f->media_segv_sdkfileids, sizeof f->media_segv_sdkfileids, value);
    else if (!strcmp(key, "malformed_envelope_seqs"))
        set_string(f->malformed_envelope_seqs, sizeof f->malformed_envelope_seqs, value);
    /* Unknown keys are ignored silently, so an older library accepts a newer spec. */
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t' || *s == '\r') s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) *--end = '\0';
    return s;
}

/* Items separated by ';' or newlines; '#' starts a comment that runs to the end of the line. */
static void parse_spec(faults_t *f, const char *spec) {
    memset(f, 0, sizeof *f);
    f->seed = 1;
    char *copy = strdup(spec ? spec : "");
    if (!copy) return;
    char *save_line = NULL;
    for (char *line = strtok_r(copy, "\n", &save_line); line; line = strtok_r(NULL, "\n", &save_line)) {
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *save_item = NULL;
        for (char *item = strtok_r(line, ";", &save_item); item; item = strtok_r(NULL, ";", &save_item)) {
            char *eq = strchr(item, '=');
            if (!eq) continue;
            *eq = '\0';
            apply(f, trim(item), trim(eq + 1));
        }
    }
    free(copy);
}

static void reparsed_locked(void) { g_prng_state = g_faults.seed; }

static void read_control_file_locked(const char *path) {
    struct stat st;
    int fd = open(path, O_RDONLY);
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0) close(fd);
        if (g_file_size != -2) { /* a missing control file means no faults */
            parse_spec(&g_faults, "");
            reparsed_locked();
            g_file_size = -2;
            g_file_mtime_ns = -1;
        }
        return;
    }
    long long mtime = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    if (mtime != g_file_mtime_ns || (long long)st.st_size != g_file_size) {
        char *text = calloc(1, (size_t)st.st_size + 1);
        if (text) {
            size_t n = 0;
            ssize_t got;
            while (n < (size_t)st.st_size && (got = read(fd, text + n, (size_t)st.st_size - n)) > 0) n += (size_t)got;
            parse_spec(&g_faults, text);
            reparsed_locked();
            g_file_mtime_ns = mtime;
            g_file_size = (long long)st.st_size;
            free(text);
        }
    }
    close(fd);
}

static void refresh_locked(void) {
    const char *env = getenv("WEWORK_STANDIN_FAULTS");
    if (!env) env = "";
    if (!g_env || strcmp(env, g_env) != 0) {
        free(g_env);
        g_env = strdup(env);
        g_file_mtime_ns = g_file_size = -1;
        if (env[0] != '@') {
            parse_spec(&g_faults, env);
            reparsed_locked();
        }
    }
    if (env[0] == '@') read_control_file_locked(env + 1);
}

void faults_current(faults_t *out) {
    pthread_mutex_lock(&g_lock);
    refresh_locked();
    *out = g_faults;
    pthread_mutex_unlock(&g_lock);
}

int faults_decrypt_actions(const char *body) {
    static const char needle[] = "\"msgid\":\"";
    pthread_mutex_lock(&g_lock);
    refresh_locked();
    int actions = 0;
    if (g_faults.decrypt_segv_msgids[0] || g_faults.decrypt_bad_utf8_msgids[0]) {
        const char *start = strstr(body, needle);
        const char *end = start ? strchr(start + sizeof needle - 1, '"') : NULL;
        if (start && end && end - start < 600) {
            char msgid[600];
            start += sizeof needle - 1;
            memcpy(msgid, start, (size_t)(end - start));
            msgid[end - start] = '\0';
            if (faults_list_contains(g_faults.decrypt_segv_msgids, msgid)) actions |= FAULT_DECRYPT_SEGV;
            if (faults_list_contains(g_faults.decrypt_bad_utf8_msgids, msgid)) actions |= FAULT_DECRYPT_BAD_UTF8;
        }
    }
    pthread_mutex_unlock(&g_lock);
    return actions;
}

static uint64_t splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double faults_random(void) {
    pthread_mutex_lock(&g_lock);
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

/* FNV-1a of the label mixed with seed and salt, finished with splitmix64. */
double faults_hash01(uint64_t seed, const char *label, uint64_t salt) {
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (const unsigned char *p = (const unsigned char *)label; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    uint64_t state = h ^ (salt * 0x9E3779B97F4A7C15ULL);
    return (double)(splitmix64(&state) >> 11) / 9007199254740992.0;
}

int faults_list_contains(const char *csv, const char *item) {
    size_t n = strlen(item);
    for (const char *p = csv; p && *p;) {
        while (*p == ' ') p++;
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len > 0 && p[len - 1] == ' ') len--;
        if (len == n && strncmp(p, item, n) == 0) return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}
