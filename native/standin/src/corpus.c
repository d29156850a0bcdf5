/* Loads the generated corpus (CORPUS-FORMAT.md) lazily, per corp, and reloads whatever file changed
 * (tests regenerate corpora while a process runs). Loaded data is published as refcounted snapshots,
 * so a reload never pulls pages from under a concurrent call and no lock is held while encrypting. */
#include <dlfcn.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/pem.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "standin.h"

#define RECORD_HEADER 20 /* seq u64, publickey_ver u32, msgid_len u32, body_len u32 */

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static corp_t *g_corps;   /* the table read from the current corps.tsv */
static corp_t *g_retired; /* corps of earlier tables: kept because in-flight calls may hold them */
static int g_have_table;
static char g_root[PATH_CAP];
static file_stamp_t g_corps_stamp;
static char g_default_root[PATH_CAP];

/* ---------- files ---------- */

static file_stamp_t stamp_of(const struct stat *st) {
    file_stamp_t s = {(long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec, (long long)st->st_size,
                      (long long)st->st_ino};
    return s;
}

static file_stamp_t stamp_path(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        file_stamp_t missing = {-1, -1, -1};
        return missing;
    }
    return stamp_of(&st);
}

static int stamp_equal(file_stamp_t a, file_stamp_t b) {
    return a.mtime_ns == b.mtime_ns && a.size == b.size && a.ino == b.ino;
}

static char *read_text(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    struct stat st;
    char *text = NULL;
    if (fstat(fd, &st) == 0 && (text = malloc((size_t)st.st_size + 1)) != NULL) {
        size_t n = 0;
        while (n < (size_t)st.st_size) {
            ssize_t got = read(fd, text + n, (size_t)st.st_size - n);
            if (got <= 0) break;
            n += (size_t)got;
        }
        text[n] = '\0';
    }
    close(fd);
    return text;
}

static char *join(const char *a, const char *b) {
    size_t n = strlen(a) + strlen(b) + 2;
    char *out = malloc(n);
    if (out) snprintf(out, n, "%s/%s", a, b);
    return out;
}

/* WEWORK_STANDIN_DATA, else <directory of this .so>/standin-data (CORPUS-FORMAT.md). */
static const char *current_root(void) {
    const char *env = getenv("WEWORK_STANDIN_DATA");
    if (env && env[0]) return env;
    if (!g_default_root[0]) {
        Dl_info info;
        if (dladdr((void *)current_root, &info) && info.dli_fname) {
            char path[PATH_CAP];
            snprintf(path, sizeof path, "%s", info.dli_fname);
            snprintf(g_default_root, sizeof g_default_root, "%s/standin-data", dirname(path));
        }
    }
    return g_default_root;
}

/* ---------- corps.tsv ---------- */

static int flag_value(const char *flags, const char *key, int fallback) {
    size_t k = strlen(key);
    for (const char *p = flags; p && *p;) {
        while (*p == ' ') p++;
        if (strncmp(p, key, k) == 0 && p[k] == '=') return atoi(p + k + 1);
        p = strchr(p, ',');
        if (p) p++;
    }
    return fallback;
}

static void snapshot_drop(corp_t *c) {
    pthread_mutex_lock(&c->lock);
    messages_t *m = c->messages;
    media_table_t *t = c->media;
    c->messages = NULL;
    c->media = NULL;
    c->retired = 1;
    pthread_mutex_unlock(&c->lock);
    messages_release(m);
    media_release(t);
}

static void retire_table_locked(void) {
    while (g_corps) {
        corp_t *c = g_corps;
        g_corps = c->next;
        snapshot_drop(c); /* frees the mapping unless a call still reads it */
        c->next = g_retired;
        g_retired = c;
    }
}

static void load_table_locked(const char *root) {
    char *path = join(root, "corps.tsv");
    char *text = path ? read_text(path) : NULL;
    free(path);
    if (!text) return; /* no corpus: every corpid is unknown */
    char *media_dir = join(root, "media");
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && media_dir; line = strtok_r(NULL, "\n", &save)) {
        line[strcspn(line, "\r")] = '\0';
        if (line[0] == '#' || line[0] == '\0') continue;
        char *hash = strchr(line, '\t');
        if (!hash) continue;
        *hash++ = '\0';
        char *flags = strchr(hash, '\t');
        if (flags) *flags++ = '\0';
        corp_t *c = calloc(1, sizeof *c);
        if (!c) break;
        c->corpid = strdup(line);
        snprintf(c->secret_sha256, sizeof c->secret_sha256, "%s", hash);
        for (char *p = c->secret_sha256; *p; p++) {
            if (*p >= 'A' && *p <= 'F') *p = (char)(*p - 'A' + 'a');
        }
        c->whitelisted = flag_value(flags, "whitelisted", 1);
        c->msgaudit = flag_value(flags, "msgaudit", 1);
        c->expired = flag_value(flags, "expired", 0);
        c->dir = join(root, line);
        c->media_dir = strdup(media_dir);
        pthread_mutex_init(&c->lock, NULL);
        if (!c->corpid || !c->dir || !c->media_dir) {
            free(c->corpid);
            free(c->dir);
            free(c->media_dir);
            free(c);
            break;
        }
        c->next = g_corps;
        g_corps = c;
    }
    free(media_dir);
    free(text);
}

corp_t *corpus_find(const char *corpid) {
    pthread_mutex_lock(&g_lock);
    const char *root = current_root();
    char *path = join(root, "corps.tsv");
    file_stamp_t stamp = path ? stamp_path(path) : g_corps_stamp;
    free(path);
    if (!g_have_table || strcmp(root, g_root) != 0 || !stamp_equal(stamp, g_corps_stamp)) {
        retire_table_locked();
        load_table_locked(root);
        snprintf(g_root, sizeof g_root, "%s", root);
        g_corps_stamp = stamp;
        g_have_table = 1;
    }
    corp_t *found = NULL;
    for (corp_t *c = g_corps; c && corpid; c = c->next) {
        if (strcmp(c->corpid, corpid) == 0) {
            found = c;
            break;
        }
    }
    pthread_mutex_unlock(&g_lock);
    return found;
}

/* ---------- messages.bin ---------- */

static uint32_t rd32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t rd64(const unsigned char *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static void messages_free(messages_t *m) {
    if (!m) return;
    if (m->map) munmap(m->map, m->map_len);
    free(m->index);
    for (size_t i = 0; i < m->key_count; i++) EVP_PKEY_free(m->keys[i].key);
    free(m->keys);
    free(m->keys_dir);
    pthread_mutex_destroy(&m->key_lock);
    free(m);
}

void messages_release(messages_t *m) {
    if (m && __atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL) == 0) messages_free(m);
}

/* Maps messages.bin and indexes its records; 0 or an SDK error (a corrupt file is 10002). */
static int messages_load(corp_t *c, const char *path, messages_t **out) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return SDK_ERR_SYSTEM;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return SDK_ERR_SYSTEM;
    }
    if (st.st_size < 8) {
        close(fd);
        return SDK_ERR_PARSE;
    }
    messages_t *m = calloc(1, sizeof *m);
    if (!m) {
        close(fd);
        return SDK_ERR_SYSTEM;
    }
    pthread_mutex_init(&m->key_lock, NULL);
    m->stamp = stamp_of(&st);
    m->map_len = (size_t)st.st_size;
    m->map = mmap(NULL, m->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    m->keys_dir = join(c->dir, "keys");
    if (m->map == MAP_FAILED || !m->keys_dir) {
        m->map = NULL;
        messages_free(m);
        return SDK_ERR_SYSTEM;
    }
    const unsigned char *p = m->map;
    int rc = memcmp(p, "WWSCORP1", 8) == 0 ? SDK_OK : SDK_ERR_PARSE;
    size_t cap = 0, off = 8;
    while (rc == SDK_OK && off < m->map_len) {
        if (m->map_len - off < RECORD_HEADER) {
            rc = SDK_ERR_PARSE; /* truncated record: the file is still being written */
            break;
        }
        uint64_t seq = rd64(p + off);
        uint64_t total = RECORD_HEADER + (uint64_t)rd32(p + off + 12) + rd32(p + off + 16);
        if (total > m->map_len - off || (m->count && seq <= m->index[m->count - 1].seq)) {
            rc = SDK_ERR_PARSE; /* seqs must be strictly increasing for the binary search */
            break;
        }
        if (m->count == cap) {
            cap = cap ? cap * 2 : 4096;
            record_index_t *next = realloc(m->index, cap * sizeof *next);
            if (!next) {
                rc = SDK_ERR_SYSTEM;
                break;
            }
            m->index = next;
        }
        m->index[m->count].seq = seq;
        m->index[m->count].offset = off;
        m->count++;
        off += total;
    }
    if (rc != SDK_OK) {
        messages_free(m);
        return rc;
    }
    *out = m;
    return SDK_OK;
}

/* One of the corp's files as a snapshot check needs it: its path and its stamp now. */
typedef struct {
    char *path;
    file_stamp_t stamp;
} corp_file_t;

/* Fills `f` and locks the corp; false with *err = SDK_ERR_SYSTEM (nothing locked) when out of memory. */
static bool corp_file_lock(corp_t *c, const char *name, corp_file_t *f, int *err) {
    f->path = join(c->dir, name);
    if (!f->path) {
        *err = SDK_ERR_SYSTEM;
        return false;
    }
    f->stamp = stamp_path(f->path);
    pthread_mutex_lock(&c->lock);
    return true;
}

messages_t *corpus_messages(corp_t *c, int *err) {
    corp_file_t f;
    if (!corp_file_lock(c, "messages.bin", &f, err)) return NULL;
    messages_t *m = c->messages;
    if (m && stamp_equal(m->stamp, f.stamp)) {
        __atomic_add_fetch(&m->refs, 1, __ATOMIC_ACQ_REL);
        pthread_mutex_unlock(&c->lock);
        free(f.path);
        return m;
    }
    /* (Re)load under the corp lock: other callers of this corp would only load it again. */
    messages_t *fresh = NULL;
    *err = messages_load(c, f.path, &fresh);
    free(f.path);
    messages_t *old = NULL;
    if (fresh && c->retired) {
        fresh->refs = 1; /* only the caller's: a retired corp caches nothing */
    } else if (fresh) {
        fresh->refs = 2; /* the corp's and the caller's */
        old = c->messages;
        c->messages = fresh;
    }
    pthread_mutex_unlock(&c->lock);
    messages_release(old);
    return fresh;
}

size_t messages_after(const messages_t *m, uint64_t cursor) {
    size_t lo = 0, hi = m->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->index[mid].seq <= cursor) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void messages_record(const messages_t *m, size_t i, record_t *r) {
    const unsigned char *p = (const unsigned char *)m->map + m->index[i].offset;
    r->seq = m->index[i].seq;
    r->publickey_ver = rd32(p + 8);
    r->msgid_len = rd32(p + 12);
    r->body_len = rd32(p + 16);
    r->msgid = (const char *)p + RECORD_HEADER;
    r->body = r->msgid + r->msgid_len;
}

/* Keys are loaded once per snapshot; a missing file is retried on every call (it may appear later). */
EVP_PKEY *messages_pubkey(messages_t *m, uint32_t version) {
    EVP_PKEY *key = NULL;
    pthread_mutex_lock(&m->key_lock);
    for (size_t i = 0; i < m->key_count; i++) {
        if (m->keys[i].version == version) {
            key = m->keys[i].key;
            break;
        }
    }
    if (!key) {
        char path[PATH_CAP];
        snprintf(path, sizeof path, "%s/pub_v%u.pem", m->keys_dir, version);
        FILE *f = fopen(path, "r");
        if (f) {
            key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
            fclose(f);
        }
        void *next = key ? realloc(m->keys, (m->key_count + 1) * sizeof *m->keys) : NULL;
        if (next) {
            m->keys = next;
            m->keys[m->key_count].version = version;
            m->keys[m->key_count].key = key;
            m->key_count++;
        } else {
            EVP_PKEY_free(key);
            key = NULL;
        }
    }
    pthread_mutex_unlock(&m->key_lock);
    return key;
}

/* ---------- media.tsv ---------- */

static int media_cmp(const void *a, const void *b) {
    return strcmp(((const media_entry_t *)a)->sdkfileid, ((const media_entry_t *)b)->sdkfileid);
}

void media_release(media_table_t *t) {
    if (t && __atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) == 0) {
        free(t->entries);
        free(t->text);
        free(t);
    }
}

/* A missing media.tsv is an empty table (every sdkfileid answers 10005). */
static media_table_t *media_load(const char *path, file_stamp_t stamp) {
    media_table_t *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->stamp = stamp;
    t->text = read_text(path);
    size_t cap = 0;
    char *save = NULL;
    for (char *line = t->text ? strtok_r(t->text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
        line[strcspn(line, "\r")] = '\0';
        if (line[0] == '#') continue;
        char *f[4] = {line, NULL, NULL, NULL};
        int ok = 1;
        for (int i = 1; i < 4 && ok; i++) {
            char *tab = strchr(f[i - 1], '\t');
            if (tab) {
                *tab = '\0';
                f[i] = tab + 1;
            } else {
                ok = 0;
            }
        }
        if (!ok || !f[0][0]) continue;
        if (t->count == cap) {
            cap = cap ? cap * 2 : 1024;
            media_entry_t *next = realloc(t->entries, cap * sizeof *next);
            if (!next) {
                media_release(t);
                return NULL;
            }
            t->entries = next;
        }
        media_entry_t *e = &t->entries[t->count++];
        e->sdkfileid = f[0];
        e->file = f[1];
        snprintf(e->md5, sizeof e->md5, "%s", f[2]);
        e->size = strtoull(f[3], NULL, 10);
        e->attempts = 0;
    }
    if (t->count) qsort(t->entries, t->count, sizeof *t->entries, media_cmp);
    return t;
}

media_table_t *corpus_media(corp_t *c, int *err) {
    corp_file_t f;
    if (!corp_file_lock(c, "media.tsv", &f, err)) return NULL;
    media_table_t *t = c->media;
    if (!t || !stamp_equal(t->stamp, f.stamp)) {
        media_table_t *fresh = media_load(f.path, f.stamp);
        if (fresh && !c->retired) {
            fresh->refs = 1; /* the corp's; the caller's is added below */
            media_release(c->media);
            c->media = fresh;
        }
        t = fresh;
    }
    if (t) __atomic_add_fetch(&t->refs, 1, __ATOMIC_ACQ_REL);
    pthread_mutex_unlock(&c->lock);
    free(f.path);
    if (!t) *err = SDK_ERR_SYSTEM;
    return t;
}

media_entry_t *media_find(media_table_t *t, const char *sdkfileid) {
    media_entry_t key = {.sdkfileid = sdkfileid};
    return t->count ? bsearch(&key, t->entries, t->count, sizeof key, media_cmp) : NULL;
}
