/* Loads the generated corpus (CORPUS-FORMAT.md): corps.tsv, messages.bin (mmap), media.tsv, keys. */
#include <dlfcn.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "standin.h"

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static corp_t *g_corps;
static int g_loaded;
static char g_root[4096];

const char *corpus_root(void) {
    pthread_mutex_lock(&g_lock);
    if (!g_root[0]) {
        const char *env = getenv("WEWORK_STANDIN_DATA");
        if (env && env[0]) {
            snprintf(g_root, sizeof g_root, "%s", env);
        } else {
            /* Next to the loaded library, so a packaged app ships the demo archive beside it. */
            Dl_info info;
            if (dladdr((void *)corpus_root, &info) && info.dli_fname) {
                char path[4096];
                snprintf(path, sizeof path, "%s", info.dli_fname);
                snprintf(g_root, sizeof g_root, "%s/standin-data", dirname(path));
            }
        }
    }
    pthread_mutex_unlock(&g_lock);
    return g_root;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = (n + 65536 + 1) * 2;
            char *next = realloc(buf, cap);
            if (!next) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = next;
        }
        size_t got = fread(buf + n, 1, 65536, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int flag_value(const char *flags, const char *key, int fallback) {
    size_t k = strlen(key);
    for (const char *p = flags; p && *p;) {
        if (strncmp(p, key, k) == 0 && p[k] == '=') return atoi(p + k + 1);
        p = strchr(p, ',');
        if (p) p++;
    }
    return fallback;
}

static void load_corps_locked(void) {
    if (g_loaded) return;
    g_loaded = 1;
    const char *root = g_root;
    char path[4200];
    snprintf(path, sizeof path, "%s/corps.tsv", root);
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) return;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0') continue;
        char *corpid = line;
        char *hash = strchr(corpid, '\t');
        if (!hash) continue;
        *hash++ = '\0';
        char *flags = strchr(hash, '\t');
        if (flags) *flags++ = '\0';
        size_t hl = strcspn(hash, "\r");
        hash[hl] = '\0';
        if (flags) flags[strcspn(flags, "\r")] = '\0';

        corp_t *c = calloc(1, sizeof *c);
        if (!c) break;
        c->corpid = strdup(corpid);
        snprintf(c->secret_sha256, sizeof c->secret_sha256, "%s", hash);
        c->whitelisted = flag_value(flags, "whitelisted", 1);
        c->msgaudit = flag_value(flags, "msgaudit", 1);
        c->expired = flag_value(flags, "expired", 0);
        size_t dl = strlen(root) + strlen(corpid) + 2;
        c->dir = malloc(dl);
        snprintf(c->dir, dl, "%s/%s", root, corpid);
        pthread_mutex_init(&c->lock, NULL);
        c->next = g_corps;
        g_corps = c;
    }
    free(text);
}

corp_t *corpus_find(const char *corpid) {
    corpus_root();
    pthread_mutex_lock(&g_lock);
    load_corps_locked();
    corp_t *found = NULL;
    for (corp_t *c = g_corps; c; c = c->next) {
        if (strcmp(c->corpid, corpid) == 0) {
            found = c;
            break;
        }
    }
    pthread_mutex_unlock(&g_lock);
    return found;
}

static uint32_t rd32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const unsigned char *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }

int corpus_load_messages(corp_t *c) {
    char path[4200];
    snprintf(path, sizeof path, "%s/messages.bin", c->dir);
    struct stat st;
    if (stat(path, &st) != 0) return SDK_ERR_SYSTEM;
    long long mtime = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    if (c->map && (size_t)st.st_size == c->map_len && mtime == c->map_mtime_ns) return SDK_OK;
    if (c->map) {
        munmap(c->map, c->map_len);
        free(c->records);
        c->map = NULL;
        c->records = NULL;
        c->record_count = 0;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) return SDK_ERR_SYSTEM;
    size_t len = (size_t)st.st_size;
    if (len < 8) {
        close(fd);
        return SDK_ERR_SYSTEM;
    }
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return SDK_ERR_SYSTEM;
    const unsigned char *p = map;
    if (memcmp(p, "WWSCORP1", 8) != 0) {
        munmap(map, len);
        return SDK_ERR_SYSTEM;
    }
    size_t cap = 1024, count = 0, off = 8;
    record_t *records = malloc(cap * sizeof *records);
    while (records && off + 20 <= len) {
        record_t r;
        r.seq = rd64(p + off);
        r.publickey_ver = rd32(p + off + 8);
        r.msgid_len = rd32(p + off + 12);
        r.body_len = rd32(p + off + 16);
        off += 20;
        if (off + (size_t)r.msgid_len + r.body_len > len) break;
        r.msgid = (const char *)p + off;
        r.body = (const char *)p + off + r.msgid_len;
        off += (size_t)r.msgid_len + r.body_len;
        if (count == cap) {
            cap *= 2;
            record_t *next = realloc(records, cap * sizeof *records);
            if (!next) {
                free(records);
                records = NULL;
                break;
            }
            records = next;
        }
        records[count++] = r;
    }
    if (!records) {
        munmap(map, len);
        return SDK_ERR_SYSTEM;
    }
    c->map = map;
    c->map_len = len;
    c->map_mtime_ns = mtime;
    c->records = records;
    c->record_count = count;
    return SDK_OK;
}

static int media_cmp(const void *a, const void *b) {
    return strcmp(((const media_entry_t *)a)->sdkfileid, ((const media_entry_t *)b)->sdkfileid);
}

int corpus_load_media(corp_t *c) {
    if (c->media) return SDK_OK;
    char path[4200];
    snprintf(path, sizeof path, "%s/media.tsv", c->dir);
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) return SDK_ERR_SYSTEM;
    size_t cap = 256, count = 0;
    media_entry_t *entries = malloc(cap * sizeof *entries);
    char *save = NULL;
    const char *root = corpus_root();
    for (char *line = strtok_r(text, "\n", &save); line && entries; line = strtok_r(NULL, "\n", &save)) {
        char *fields[4] = {line, NULL, NULL, NULL};
        for (int i = 1; i < 4; i++) {
            char *tab = fields[i - 1] ? strchr(fields[i - 1], '\t') : NULL;
            if (!tab) break;
            *tab = '\0';
            fields[i] = tab + 1;
        }
        if (!fields[3] || line[0] == '#') continue;
        fields[3][strcspn(fields[3], "\r")] = '\0';
        if (count == cap) {
            cap *= 2;
            media_entry_t *next = realloc(entries, cap * sizeof *entries);
            if (!next) break;
            entries = next;
        }
        media_entry_t *e = &entries[count++];
        e->sdkfileid = strdup(fields[0]);
        size_t fl = strlen(root) + strlen(fields[1]) + 8;
        e->file = malloc(fl);
        snprintf(e->file, fl, "%s/media/%s", root, fields[1]);
        snprintf(e->md5, sizeof e->md5, "%s", fields[2]);
        e->size = strtoull(fields[3], NULL, 10);
    }
    free(text);
    if (!entries) return SDK_ERR_SYSTEM;
    qsort(entries, count, sizeof *entries, media_cmp);
    c->media = entries;
    c->media_count = count;
    return SDK_OK;
}

const media_entry_t *corpus_media(corp_t *c, const char *sdkfileid) {
    media_entry_t key = {.sdkfileid = (char *)sdkfileid};
    return bsearch(&key, c->media, c->media_count, sizeof key, media_cmp);
}

EVP_PKEY *corpus_pubkey(corp_t *c, uint32_t version) {
    if (version >= c->pubkey_cap) {
        size_t cap = version + 8;
        EVP_PKEY **next = realloc(c->pubkeys, cap * sizeof *next);
        if (!next) return NULL;
        memset(next + c->pubkey_cap, 0, (cap - c->pubkey_cap) * sizeof *next);
        c->pubkeys = next;
        c->pubkey_cap = cap;
    }
    if (!c->pubkeys[version]) {
        char path[4200];
        snprintf(path, sizeof path, "%s/keys/pub_v%u.pem", c->dir, version);
        FILE *f = fopen(path, "r");
        if (!f) return NULL;
        c->pubkeys[version] = PEM_read_PUBKEY(f, NULL, NULL, NULL);
        fclose(f);
    }
    return c->pubkeys[version];
}
